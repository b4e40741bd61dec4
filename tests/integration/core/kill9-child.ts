// Child process of the kill -9 test: logs interactions as fast as it can and prints the id of each one
// the API acknowledged. The parent kills it with SIGKILL at a random moment.
import { ApiError } from '../../../src-shared/index.js';
import { dispatch } from '../../../src-main/core/dispatch.js';
import { createEngine } from '../../../src-main/core/engine.js';

const [dbPath, migrationsDir] = process.argv.slice(2);
if (!dbPath || !migrationsDir) throw new Error('usage: kill9-child <db> <migrations>');
const engine = createEngine({ dbPath, migrationsDir });

async function call(method: string, input: unknown): Promise<unknown> {
  const r = await dispatch(engine.handlers, method, input);
  if (!r.ok) throw ApiError.fromBody(r.error);
  return r.result;
}

const found = (await call('callerCard.lookup', { number: '+7 916 000 99 99' })) as { matches: { customer: { id: string } }[] };
const customerId =
  found.matches[0]?.customer.id ??
  ((await call('customers.create', { name: 'Kill Test', contacts: [{ kind: 'phone', value: '+79160009999' }] })) as { id: string }).id;

process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const logged = (await call('interactions.logCall', {
    customerId,
    direction: i % 2 ? 'in' : 'out',
    startedAt: Date.now(),
    durationS: i % 300,
    reason: 'service_request',
    notes: `Запись ${i} `.repeat(1 + (i % 50)),
    ...(i % 5 === 0 ? { newCase: { subject: `Заявка ${i}`, category: 'service_request' } } : {}),
    ...(i % 3 === 0 ? { followUp: { kind: 'callback', title: 'Перезвонить', dueAt: Date.now() + 3_600_000 } } : {}),
  })) as { interaction: { id: string } };
  // Written only after the commit returned: an id on stdout is an acknowledged write.
  process.stdout.write(`ack ${logged.interaction.id}\n`);
}
