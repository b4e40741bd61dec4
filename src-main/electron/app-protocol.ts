// The renderer is loaded from app://kartoteka/, not file://: a file:// page could read any file the
// user can, and every file:// URL would count as the same origin. A privileged standard scheme gives
// the window a real origin that the IPC sender check and the CSP can pin down.
import { contentSecurityPolicy, readStaticFile, securityHeaders } from '../serving/static-files.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kartoteka';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** IPC needs no network, so the window may connect nowhere beyond its own files. */
export const APP_CSP = contentSecurityPolicy();

export function isAppUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`);
}

/** The protocol.handle callback: dist/renderer files under the app origin, 404 for anything else. */
export async function serveAppRequest(rendererDir: string, request: Request): Promise<Response> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return notFound();
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
  const file = await readStaticFile(rendererDir, url.pathname);
  if (file === null) return notFound();
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
    status: 200,
    headers: { ...securityHeaders(APP_CSP), 'Content-Type': file.contentType },
  });
}

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
