// `npm run lint:electron` must fail on a high finding: Electronegativity over a window with Node in
// its renderer fails the scan; the real shell passes it.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let bad: string;
beforeAll(async () => {
  bad = await mkdtemp(path.join(tmpdir(), 'kartoteka-electron-scan-'));
  await writeFile(path.join(bad, 'main.js'), [
    "const { BrowserWindow } = require('electron');",
    "const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false } });",
    "win.loadURL('http://example.com');",
  ].join('\n'));
});
afterAll(async () => rm(bad, { recursive: true, force: true }));

function scan(input?: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'electron-scan.ts'), ...(input ? [input] : [])], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, out: stdout + stderr });
    });
  });
}

describe('the Electron security scan', () => {
  it('fails on a window with Node in its renderer', async () => {
    const result = await scan(bad);
    expect(result.out).toMatch(/high severity or above/);
    expect(result.code).not.toBe(0);
  });

  it('passes the real shell', async () => {
    const result = await scan();
    expect(result.out).toMatch(/none of high severity/);
    expect(result.code).toBe(0);
  });
});
