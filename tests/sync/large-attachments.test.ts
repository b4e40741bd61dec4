// A large file of an imported email (kept in parts on the desktop that imported it, issue 16) reaches
// the server and a colleague's desktop whole: the same bytes, the same checksum, readable offline.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PART_BYTES } from '../../src-main/core/store/attachment-parts.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';

let server: RestartableServer;
let anna: Desktop;
let boris: Desktop;

beforeAll(async () => {
  server = await RestartableServer.start();
  await server.addUser('anna', 'operator');
  await server.addUser('boris', 'operator');
  anna = new Desktop('anna');
  boris = new Desktop('boris');
  for (const [d, name] of [[anna, 'anna'], [boris, 'boris']] as const) await d.call('sync.signIn', { serverUrl: server.url, username: name, password: PASSWORD });
});
afterAll(async () => {
  anna?.close();
  boris?.close();
  await server?.close();
});

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('a large attachment kept in parts', () => {
  it('syncs whole to the server and to another desktop', async () => {
    const scan = Buffer.alloc(3 * PART_BYTES + 777);
    for (let i = 0; i < scan.length; i++) scan[i] = (i * 2654435761) >>> 24;
    const eml = [
      'From: client@example.ru', 'To: desk@example.com', 'Subject: scan', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '',
      '--b', 'Content-Type: text/plain; charset=utf-8', '', 'Скан во вложении.', '--b', 'Content-Type: image/tiff; name="scan.tif"',
      'Content-Disposition: attachment; filename="scan.tif"', 'Content-Transfer-Encoding: base64', '', ...scan.toString('base64').match(/.{1,76}/g)!, '--b--', '',
    ].join('\r\n');
    const customer = await anna.call('customers.create', { name: 'Сканова Вера', contacts: [{ kind: 'email', value: 'client@example.ru' }] });
    const logged = await anna.call('interactions.importEml', { customerId: customer.id, direction: 'in', reason: 'other', fileName: 'scan.eml', contentBase64: Buffer.from(eml).toString('base64') });
    await anna.sync();
    expect((await anna.call('sync.status', {})).pendingUploads).toBe(0);

    await boris.sync();
    boris.offline = true;
    const entry = await boris.call('interactions.get', { id: logged.interaction.id });
    const file = entry.attachments.find((a) => a.fileName === 'scan.tif')!;
    expect(file).toMatchObject({ size: scan.length, sha256: sha(scan) });
    const got = await boris.call('attachments.get', { id: file.id });
    expect(sha(Buffer.from(got.contentBase64, 'base64'))).toBe(sha(scan));
    boris.offline = false;
  });
});
