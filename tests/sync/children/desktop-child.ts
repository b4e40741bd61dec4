// Child process of the crash test: a desktop (the real engine on a given SQLite file) signed in to a
// given server, logging calls in a loop while its sync runs in the background. It prints the id of
// every interaction whose API call returned ("ack <id>"); the parent kills it with SIGKILL at a
// random moment and starts it again on the same file.
// usage: desktop-child.ts <db> <migrations> <serverUrl> <username> <password> <tag>
import { ApiError } from '../../../src-shared/index.js';
import { dispatch } from '../../../src-main/core/dispatch.js';
import { createEngine } from '../../../src-main/core/engine.js';

const [dbPath, migrationsDir, serverUrl, username, password, tag] = process.argv.slice(2);
if (!dbPath || !migrationsDir || !serverUrl || !username || !password || !tag) throw new Error('usage: desktop-child <db> <migrations> <url> <user> <password> <tag>');
const engine = createEngine({ dbPath, migrationsDir, sync: { pollMs: 200, pushBatch: 20 } });

async function call(method: string, input: unknown): Promise<unknown> {
  const r = await dispatch(engine.handlers, method, input);
  if (!r.ok) throw ApiError.fromBody(r.error);
  return r.result;
}

// Signing in pushes what the previous (killed) run left in the outbox, then pulls.
await call('sync.signIn', { serverUrl, username, password });
const phone = '+7 916 000 77 77';
const found = (await call('callerCard.lookup', { number: phone })) as { matches: { customer: { id: string } }[] };
const customerId =
  found.matches[0]?.customer.id ?? ((await call('customers.create', { name: 'Crash Test', contacts: [{ kind: 'phone', value: phone }] })) as { id: string }).id;

process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const logged = (await call('interactions.logCall', {
    customerId,
    direction: 'in',
    startedAt: Date.now(),
    durationS: i % 300,
    reason: 'service_request',
    notes: `${tag} ${process.pid} ${i}`,
    ...(i % 4 === 0 ? { followUp: { kind: 'callback', title: 'Перезвонить', dueAt: Date.now() + 3_600_000 } } : {}),
  })) as { interaction: { id: string } };
  process.stdout.write(`ack ${logged.interaction.id}\n`);
  // Give the background sync a chance to push while we keep writing.
  if (i % 3 === 0) await new Promise((r) => setTimeout(r, 2));
}
