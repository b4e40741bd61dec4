// TLS on the server itself: with a certificate and key it answers https:// only, with HSTS; and a
// desktop refuses a plain http:// server on another machine (loopback stays allowed for development
// and a TLS proxy on the same host).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serverAddressProblem } from '../../../src-shared/sync/server-address.js';
import { startServer } from '../../../src-server/server.js';
import { freshServerDatabase, SERVER_MIGRATIONS } from '../../support/server-db.js';

const work = mkdtempSync(join(tmpdir(), 'kartoteka-tls-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('TLS', () => {
  it.skipIf(!hasOpenssl())('the server answers https:// with its certificate, and sends HSTS', async () => {
    const cert = join(work, 'cert.pem');
    const key = join(work, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const database = await freshServerDatabase();
    const server = await startServer({ database: database.target, migrationsDir: SERVER_MIGRATIONS, logger: false, tls: { cert: readFileSync(cert), key: readFileSync(key) } });
    try {
      expect(server.url.startsWith('https://')).toBe(true);
      const answer = await new Promise<{ status: number; hsts: string | undefined }>((resolve, reject) => {
        const req = request(`${server.url}/health`, { ca: readFileSync(cert) }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'] as string | undefined });
        });
        req.on('error', reject);
        req.end();
      });
      expect(answer.status).toBe(200);
      expect(answer.hsts).toMatch(/max-age=\d+/);
    } finally {
      await server.close();
      await database.drop();
    }
  });

  it('a desktop uses https:// everywhere, plain http:// only to this computer', () => {
    expect(serverAddressProblem('https://crm.example.ru')).toBeNull();
    expect(serverAddressProblem('http://127.0.0.1:8787')).toBeNull();
    expect(serverAddressProblem('http://localhost:8787')).toBeNull();
    expect(serverAddressProblem('http://[::1]:8787')).toBeNull();
    expect(serverAddressProblem('http://crm.example.ru')).toMatch(/https/);
    expect(serverAddressProblem('http://10.0.0.5:8787')).toMatch(/https/);
    expect(serverAddressProblem('ftp://crm.example.ru')).toMatch(/https/);
  });
});
