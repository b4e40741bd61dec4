// Builds the store snapshot of an admin's scope and uploads it to the server (docs/sync.md,
// "Snapshots"). Run it on the server's host, by hand or from cron:
//   KARTOTEKA_SNAPSHOT_PASSWORD=… npx tsx scripts/build-snapshot.ts --server http://127.0.0.1:8787 --username admin [--team <id>]
// New desktops then start from this file instead of pulling every row (the pull goes on from its seq).
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSnapshot } from '../src-main/core/index.js';

const { values } = parseArgs({
  options: {
    server: { type: 'string', default: process.env.KARTOTEKA_SERVER_URL ?? 'http://127.0.0.1:8787' },
    username: { type: 'string', default: process.env.KARTOTEKA_SNAPSHOT_USER ?? 'admin' },
    'work-dir': { type: 'string' },
    /** The snapshot of one team's scope (its id), for team-scoped operators; default scope 'all'. */
    team: { type: 'string' },
  },
});
const password = process.env.KARTOTEKA_SNAPSHOT_PASSWORD;
if (!password) {
  console.error('KARTOTEKA_SNAPSHOT_PASSWORD is not set: the builder signs in as an admin with it');
  process.exit(2);
}

let shown = -1;
const built = await buildSnapshot({
  serverUrl: values.server,
  username: values.username,
  password,
  migrationsDir: join(resolve(import.meta.dirname, '..'), 'migrations/local'),
  ...(values['work-dir'] ? { workDir: values['work-dir'] } : {}),
  ...(values.team ? { asTeam: values.team } : {}),
  onProgress: (done, total) => {
    const percent = Math.floor((100 * done) / Math.max(total, 1));
    if (percent !== shown) process.stderr.write(`\rsyncing ${done} / ${total}`);
    shown = percent;
  },
});
process.stderr.write('\n');
const { info } = built;
console.log(
  `snapshot of scope ${info.scope} at seq ${info.seq} (schema ${info.schemaVersion}): ${(info.bytes / 2 ** 20).toFixed(1)} MiB; ` +
    `sync ${built.syncSeconds.toFixed(1)} s, prepare ${built.prepareSeconds.toFixed(1)} s, upload ${built.uploadSeconds.toFixed(1)} s`,
);
