// The app:// handler decides what the Electron window can load; it needs no Electron to test.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CSP, APP_ENTRY_URL, isAppUrl, serveAppRequest } from '../../../src-main/electron/app-protocol.js';
import { numberFromScreenPopUrl, screenPopNumbers } from '../../../src-main/electron/screen-pop.js';

let root: string;
let rendererDir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'kartoteka-app-'));
  rendererDir = path.join(root, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>K</title>');
  await writeFile(path.join(rendererDir, 'assets', 'a.js'), 'export {}');
  await writeFile(path.join(root, 'secret.txt'), 'secret');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('app:// protocol', () => {
  it('serves the entry page with a strict CSP', async () => {
    const res = await serveAppRequest(rendererDir, new Request(APP_ENTRY_URL));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(APP_CSP).toContain("default-src 'none'");
    expect(APP_CSP).toContain("script-src 'self'");
    // The one exception: PDF.js compiles its WebAssembly fax decoders ('wasm-unsafe-eval' allows no JavaScript eval).
    expect(APP_CSP).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(APP_CSP.replace("'wasm-unsafe-eval'", '')).not.toMatch(/unsafe|\*/);
    expect(await res.text()).toContain('<title>K</title>');
  });

  it('serves assets with their MIME type', async () => {
    const res = await serveAppRequest(rendererDir, new Request('app://kartoteka/assets/a.js'));
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('refuses other hosts, traversal and missing files with 404', async () => {
    for (const url of [
      'app://other/index.html',
      'app://kartoteka/%2e%2e/secret.txt',
      'app://kartoteka/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://kartoteka/nope.js',
    ]) {
      const res = await serveAppRequest(rendererDir, new Request(url));
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
    }
  });

  it('treats only app://kartoteka/ as the app', () => {
    expect(isAppUrl('app://kartoteka/index.html')).toBe(true);
    expect(isAppUrl('app://kartoteka.evil/index.html')).toBe(false);
    expect(isAppUrl('app://kartoteka')).toBe(false);
    expect(isAppUrl('https://kartoteka/')).toBe(false);
  });
});

describe('screen-pop URLs', () => {
  it('reads the number from the query or the path', () => {
    expect(numberFromScreenPopUrl('kartoteka://call?number=%2B79161234567')).toBe('+79161234567');
    expect(numberFromScreenPopUrl('kartoteka://call/8%20(916)%20123-45-67')).toBe('8 (916) 123-45-67');
  });

  it('ignores other schemes, other actions and text that is not a number', () => {
    expect(numberFromScreenPopUrl('https://call?number=1')).toBeNull();
    expect(numberFromScreenPopUrl('kartoteka://delete?number=1')).toBeNull();
    expect(numberFromScreenPopUrl('kartoteka://call?number=<script>')).toBeNull();
    expect(numberFromScreenPopUrl('kartoteka://call')).toBeNull();
    expect(numberFromScreenPopUrl('not a url')).toBeNull();
  });

  it('picks screen pops out of a second instance argv', () => {
    expect(screenPopNumbers(['/opt/Kartoteka/kartoteka', '--flag', 'kartoteka://call?number=%2B74951234567'])).toEqual(['+74951234567']);
  });
});
