// Serving the built renderer (dist/renderer) is shared by both transports: the host's HTTP server and
// Electron's app:// protocol. One resolver means one place to get path traversal and MIME types right.
import { realpath, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeTypeOf(filePath: string): string {
  // Unknown types are served as opaque bytes so that, with nosniff, the browser never executes them.
  return MIME[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticFile {
  body: Buffer;
  contentType: string;
  filePath: string;
}

/**
 * Maps a URL pathname to a file under root, or null. Returns null (never throws) for anything that
 * could leave root: encoded or plain `..`, backslashes, NUL bytes, and symlinks pointing outside.
 */
export async function readStaticFile(root: string, urlPathname: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');

  const rootReal = await realpath(root).catch(() => null);
  if (rootReal === null) return null;
  const candidate = path.resolve(rootReal, relative);
  if (!isInside(rootReal, candidate)) return null;
  try {
    // realpath as well as resolve: a symlink inside dist/ must not become a way out of it.
    const real = await realpath(candidate);
    if (!isInside(rootReal, real)) return null;
    const info = await stat(real);
    if (!info.isFile()) return null;
    return { body: await readFile(real), contentType: mimeTypeOf(real), filePath: real };
  } catch {
    return null;
  }
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * The renderer's Content-Security-Policy. No inline script or style, no eval, nothing from other
 * origins; `connectSrc` adds the host's WebSocket (Electron passes nothing: IPC needs no network).
 */
export function contentSecurityPolicy(connectSrc: readonly string[] = []): string {
  return [
    "default-src 'none'",
    // 'wasm-unsafe-eval' lets PDF.js compile its WebAssembly fax-image decoders; JavaScript eval stays refused.
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    // A call's recording plays from the bytes the engine fetched (a blob: URL), never from the PBX.
    "media-src blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connectSrc].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers sent with every renderer file, by both transports. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}
