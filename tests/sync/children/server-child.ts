// Child process of the crash test: the central server on a given database, killed with SIGKILL by
// the parent while desktops push, and started again on the same data and port.
// usage: server-child.ts <database target as JSON> <migrations> <port>
import type { DatabaseTarget } from '../../../src-server/db/connect.js';
import { startServer } from '../../../src-server/server.js';

const [targetJson, migrationsDir, port] = process.argv.slice(2);
if (!targetJson || !migrationsDir || !port) throw new Error('usage: server-child <target-json> <migrations> <port>');
const server = await startServer({ database: JSON.parse(targetJson) as DatabaseTarget, migrationsDir, port: Number(port), logger: false });
process.stdout.write(`listening ${server.url}\n`);
const cpuStart = process.cpuUsage();
const stop = () => {
  void server.close().then(() => {
    // Peak memory and CPU time (since listening) of the server process, for the initial-sync benchmark.
    const cpu = process.cpuUsage(cpuStart);
    process.stdout.write(`stopped ${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`, () => process.exit(0));
  });
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
