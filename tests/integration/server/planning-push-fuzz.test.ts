// Planned work's synced rows (issue 19) under hostile pushes: processes (their steps as JSON), runs,
// calendar dates and the working week, appointments and their answers, absences and resolution times,
// and campaigns with their responses, greeting rules, customers' dates and stops, tags and segments, loyalty programmes, cards and points, email templates and letters' deliveries (issue 20), each a valid row with some fields spoilt (NUL bytes, wrong types, huge values, forged ids and
// stamps), pushed by an operator and by an admin. Every mutation is answered, none with a 500; a
// refused one writes nothing; the rest of its batch lands.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accrualId, encodeHlc, newId, tagRowId } from '../../../src-shared/index.js';
import type { Mutation } from '../../../src-shared/sync/protocol.js';
import { customerPayload, mutation, push, stamp, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture();
});
afterAll(async () => f?.close());

const STEP = {
  key: 's1', title: 'Перезвонить', kind: 'callback', priority: 'normal', assignee: { kind: 'operator' },
  due: { amount: 1, unit: 'working_days', from: 'start' }, outcomes: [{ key: 'yes', label: 'Да', next: null }], next: null, parallel: false,
};

function validRow(entity: string, customer: string, userId: string): Record<string, unknown> {
  const now = Date.now();
  const meta = { created_at: now, updated_at: now, deleted: 0 };
  switch (entity) {
    case 'process': return { name: 'Процесс', trigger: 'manual', trigger_category: null, steps: [STEP], active: 1, ...meta };
    case 'process_run': return { customer_id: customer, process_id: newId(), case_id: null, name: 'Процесс', steps: [STEP], started_at: now, started_by: userId, operator_id: userId, status: 'running', finished_at: null, ...meta };
    case 'calendar_day': return { day: '2026-03-10', kind: 'holiday', name: null, ...meta };
    case 'centre_settings': return { time_zone: 'Europe/Moscow', work_start: 540, work_end: 1080, work_days: [1, 2, 3, 4, 5], ...meta };
    case 'appointment': return { title: 'Встреча', starts_at: now, ends_at: now + 3_600_000, organiser_id: userId, attendee_id: userId, customer_id: null, note: null, status: 'active', ...meta };
    case 'appointment_answer': return { appointment_id: newId(), customer_id: null, user_id: userId, answer: 'accept', starts_at: null, ends_at: null, note: null, answered_at: now, ...meta };
    case 'campaign': return {
      name: 'Акция', kind: 'discount', starts_on: '2026-03-01', ends_on: '2026-03-31', offer: 'Скидка 10%', channel: 'call', segments: ['VIP'],
      follow_up_process_id: null, follow_up_on: ['interested'], active: 1, ...meta,
    };
    case 'campaign_response': return { campaign_id: campaignId, customer_id: customer, interaction_id: null, kind: 'interested', channel: 'call', user_id: userId, responded_at: now, note: null, ...meta };
    case 'greeting_rule': return { name: 'Дни рождения', occasion: 'birthday', month_day: null, date_label: null, channel: 'email', subject: 'С днём рождения!', text: '{{name}}, поздравляем!', active: 1, ...meta };
    case 'customer_date': return { customer_id: customer, label: 'День рождения собаки', month_day: '03-08', ...meta };
    case 'greeting_opt_out': return { customer_id: customer, via: 'operator', at: now, ...meta };
    case 'customer_tag': return { customer_id: customer, tag: `Тег ${newId().slice(-8)}`, active: 1, ...meta };
    case 'segment': return { name: `Сегмент ${newId().slice(-8)}`, tags: ['VIP'], field: null, kind: 'person', birthday_this_month: 1, no_complaint_days: 90, contacted_within_days: null, active: 1, ...meta };
    case 'loyalty_programme': return { name: 'Клуб', points_per_100: 5, levels: [{ name: 'Базовый', minPoints: 0, discountPct: 0 }], active: 1, ...meta };
    case 'loyalty_card': return { customer_id: customer, programme_id: programmeId, number: `C-${newId().slice(-8)}`, kind: 'personal', active: 1, ...meta };
    case 'points_entry': return { customer_id: customer, programme_id: programmeId, kind: 'accrual', points: 5, amount: 10_000, receipt: `R-${newId().slice(-8)}`, user_id: userId, at: now, note: null, ...meta };
    case 'outbound_mail': return { customer_id: customer, interaction_id: letterId, in_reply_to: null, status: 'queued', attempts: 0, last_error: null, sent_at: null, ...meta };
    case 'mail_template': return { name: 'Заказ отправлен', subject: 'Ваш заказ в пути', body: '{{name}}, ваш заказ отправлен.', active: 1, ...meta };
    case 'absence': return { user_id: userId, kind: 'leave', starts_on: '2026-03-16', ends_on: '2026-03-20', stand_in_id: null, note: null, ...meta };
    default: return { category: 'complaint', hours: 8, ...meta };
  }
}
const ENTITIES = ['process', 'process_run', 'calendar_day', 'centre_settings', 'appointment', 'appointment_answer', 'absence', 'case_sla', 'campaign', 'campaign_response', 'greeting_rule', 'customer_date', 'greeting_opt_out', 'customer_tag', 'segment', 'loyalty_programme', 'loyalty_card', 'points_entry', 'mail_template', 'outbound_mail'] as const;
/** The campaign the generated responses answer, and the programme the cards and points belong to (pushed by the admin first). */
let campaignId = '';
let programmeId = '';
/** The outbound email entry the generated deliveries queue (pushed by the operator first). */
let letterId = '';

const hostile = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\u001b[31m', 'x'.repeat(200_000), '', '2026-02-30', 'Mars/Phobos', '00000000-0000-0000-0000-000000000000', 'not-a-uuid'),
  fc.constantFrom(null, true, false, Number.MAX_SAFE_INTEGER, -1, 0, 1e300, 1.5),
  fc.constantFrom([], [{}], [STEP, STEP], [{ ...STEP, next: 'nowhere' }], Array.from({ length: 40 }, (_, i) => ({ ...STEP, key: `s${i}` })), { key: 's1' }),
  fc.string({ maxLength: 20 }),
);

async function rowExists(table: string, id: string): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE id = ${id}`.execute(f.server.db);
  return (r.rows[0]?.n ?? 0) > 0;
}

describe('planned work under generated hostile pushes', () => {
  it('answers every mutation, never with a 500, and writes exactly the applied ones', async () => {
    const customer = newId();
    await push(f, f.anna, [mutation(f.anna, 'customer', customer, 'insert', customerPayload('Планирование'))]);
    campaignId = newId();
    const made = await push(f, f.admin, [mutation(f.admin, 'campaign', campaignId, 'insert', validRow('campaign', customer, f.admin.id))]);
    expect(made.body.results[0]?.status).toBe('applied');
    letterId = newId();
    const letter = await push(f, f.anna, [mutation(f.anna, 'interaction', letterId, 'insert', {
      customer_id: customer, channel: 'email', direction: 'out', occurred_at: Date.now(), reason: 'other', notes: '', user_id: f.anna.id,
      email_to: ['a@example.org'], email_cc: [], email_subject: 'Счёт', email_body: 'Во вложении', created_at: Date.now(), updated_at: Date.now(),
    })]);
    expect(letter.body.results[0]?.status, JSON.stringify(letter.body)).toBe('applied');
    programmeId = newId();
    const programme = await push(f, f.admin, [mutation(f.admin, 'loyalty_programme', programmeId, 'insert', validRow('loyalty_programme', customer, f.admin.id))]);
    expect(programme.body.results[0]?.status).toBe('applied');
    const generated = fc.record({
      actor: fc.constantFrom('anna', 'admin'),
      entity: fc.constantFrom(...ENTITIES),
      spoil: fc.boolean(),
      column: fc.integer({ min: 0, max: 20 }),
      value: hostile,
      stamp: fc.oneof(fc.constant(null), fc.constant(null), fc.constantFrom('', 'garbage', '9'.repeat(80)), fc.integer({ min: -10, max: 10 }).map((h) => encodeHlc({ ms: Date.now() + h * 3_600_000, counter: 0, node: 'fz' }))),
    });
    const seen = { applied: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(generated, { minLength: 1, maxLength: 6 }), async (list) => {
        for (const actorName of ['anna', 'admin'] as const) {
          const actor = f[actorName];
          const mine = list.filter((g) => g.actor === actorName);
          if (mine.length === 0) continue;
          const mutations = mine.map((g) => {
            const payload = validRow(g.entity, customer, actor.id);
            const columns = Object.keys(payload);
            // A tag's id is derived from its customer and tag (tagRowId): from the valid row, so a spoilt tag is a forged id.
            const rowId = g.entity === 'customer_tag' ? tagRowId(customer, String(payload.tag)) : g.entity === 'points_entry' ? accrualId(programmeId, String(payload.receipt)) : newId();
            if (g.spoil) payload[columns[g.column % columns.length]!] = g.value;
            return { entity: g.entity, m: mutation(actor, g.entity, rowId, 'insert', payload, g.stamp === null ? stamp('fz') : g.stamp.slice(0, 80)) as Mutation };
          });
          const res = await push(f, actor, mutations.map((x) => x.m));
          expect(res.status).toBe(200);
          expect(res.body.results.map((r) => r.seq)).toEqual(mutations.map((x) => x.m.seq));
          for (const [i, r] of res.body.results.entries()) {
            expect(['applied', 'rejected']).toContain(r.status);
            seen[r.status as 'applied' | 'rejected'] += 1;
            const { entity, m } = mutations[i]!;
            expect(await rowExists(entity, m.rowId)).toBe(r.status === 'applied');
          }
        }
      }),
      { numRuns: Number(process.env.KARTOTEKA_FUZZ_RUNS ?? 40), seed: Number(process.env.KARTOTEKA_FUZZ_SEED ?? 1919) },
    );
    // The generator reaches both sides: rows that land and rows that are refused.
    expect(seen.applied).toBeGreaterThan(0);
    expect(seen.rejected).toBeGreaterThan(0);
  });

  it('an operator’s process, calendar date, working week, resolution time and campaign are refused, an admin’s valid ones applied', async () => {
    const customer = newId();
    await push(f, f.anna, [mutation(f.anna, 'customer', customer, 'insert', customerPayload('Роли'))]);
    for (const entity of ['process', 'calendar_day', 'centre_settings', 'case_sla', 'campaign', 'greeting_rule', 'segment', 'loyalty_programme', 'mail_template']) {
      const byOperator = await push(f, f.anna, [mutation(f.anna, entity, newId(), 'insert', validRow(entity, customer, f.anna.id))]);
      expect(byOperator.body.results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
      const byAdmin = await push(f, f.admin, [mutation(f.admin, entity, newId(), 'insert', validRow(entity, customer, f.admin.id))]);
      expect(byAdmin.body.results[0]?.status, `${entity}: ${JSON.stringify(byAdmin.body.results[0])}`).toBe('applied');
    }
  });
});
