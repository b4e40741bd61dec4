export { createHost, API_PATH, UNKNOWN_REQUEST_ID, type Host, type HostOptions } from './host.js';
export { contentSecurityPolicy, securityHeaders, readStaticFile, mimeTypeOf } from '../serving/static-files.js';
