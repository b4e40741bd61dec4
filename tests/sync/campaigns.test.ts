// Campaigns across desktops and one server (issue 20), on PGlite and PostgreSQL: a supervisor records
// campaigns on her desktop; an operator's card shows the ones that apply to the caller today (by
// segment and dates); a response recorded offline reaches the campaign's figures after sync, once,
// and starts the campaign's follow-up process; the figures match a hand-built set of responses; the
// server refuses what a user may not do, each mutation alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc, newId, type CampaignView, type ProcessDef } from '../../src-shared/index.js';
import { campaignFigures } from '../../src-server/campaigns/figures.js';
import { Desktop } from '../support/desktop.js';
import { PASSWORD, RestartableServer } from '../support/replicas.js';
import { call } from '../support/server-client.js';

const moscow = (iso: string) => Date.parse(`${iso}+03:00`);
let clock = moscow('2026-03-10T10:00');
const now = () => clock;

let server: RestartableServer;
let sveta: Desktop;
let anna: Desktop;
let boris: Desktop;
const ids: Record<string, string> = {};
let vipSale: CampaignView;
let everyone: CampaignView;
let followUp: ProcessDef;

const campaign = {
  kind: 'discount' as const, offer: 'Скидка 10% на годовое обслуживание до конца марта', channel: 'call' as const, followUpProcessId: null, followUpOn: [], active: true,
};

beforeAll(async () => {
  server = await RestartableServer.start(now);
  ids.sveta = await server.addUser('sveta', 'supervisor');
  ids.anna = await server.addUser('anna', 'operator');
  ids.boris = await server.addUser('boris', 'operator');
  sveta = new Desktop('sveta', undefined, { now });
  anna = new Desktop('anna', undefined, { now });
  boris = new Desktop('boris', undefined, { now });
  for (const d of [sveta, anna, boris]) await d.call('sync.signIn', { serverUrl: server.url, username: d.name, password: PASSWORD });
  followUp = await sveta.call('processes.save', {
    name: 'Выставить счёт по акции', trigger: 'manual', triggerCategory: null, active: true,
    steps: [{ key: 'invoice', title: 'Выставить счёт со скидкой', kind: 'send_offer', priority: 'high', assignee: { kind: 'operator' }, due: { amount: 0, unit: 'working_days', from: 'start' }, next: null, outcomes: [] }],
  });
  vipSale = await sveta.call('campaigns.save', {
    ...campaign, name: 'VIP: скидка 10%', startsOn: '2026-03-01', endsOn: '2026-03-31', segments: ['VIP'], followUpProcessId: followUp.id, followUpOn: ['interested'],
  });
  everyone = await sveta.call('campaigns.save', { ...campaign, kind: 'event', name: 'День открытых дверей', offer: 'Приглашаем 14 марта', startsOn: '2026-03-05', endsOn: '2026-03-14', segments: [] });
  await sveta.call('campaigns.save', { ...campaign, name: 'Прошедшая', startsOn: '2026-02-01', endsOn: '2026-02-28', segments: [] });
  await sveta.call('campaigns.save', { ...campaign, name: 'Выключенная', startsOn: '2026-03-01', endsOn: '2026-03-31', segments: [], active: false });
  await sveta.sync();
});
afterAll(async () => {
  for (const d of [sveta, anna, boris]) d?.close();
  await server?.close();
});

describe('campaigns', () => {
  it('the card shows the campaigns that apply to the caller today, by segment and dates, ending soonest first', async () => {
    await expect(anna.call('campaigns.save', { ...campaign, name: 'Моя', startsOn: '2026-03-01', endsOn: '2026-03-31', segments: [] })).rejects.toThrow(/forbidden/);
    await expect(sveta.call('campaigns.save', { ...campaign, name: 'Наоборот', startsOn: '2026-03-31', endsOn: '2026-03-01', segments: [] })).rejects.toThrow(/validation/);
    const vip = await anna.call('customers.create', { name: 'Ирина VIP', segment: ' vip ', contacts: [{ kind: 'phone', value: '+7 916 700-00-01' }] });
    const plain = await anna.call('customers.create', { name: 'Павел', contacts: [] });
    await anna.sync();
    const card = (await anna.call('callerCard.lookup', { number: '+79167000001' })).matches[0]!;
    expect(card.campaigns.map((c) => [c.name, c.offer, c.response])).toEqual([['День открытых дверей', 'Приглашаем 14 марта', null], ['VIP: скидка 10%', campaign.offer, null]]);
    expect((await anna.call('campaigns.forCustomer', { customerId: plain.id })).map((c) => c.name)).toEqual(['День открытых дверей']);
    clock = moscow('2026-03-15T10:00');
    expect((await anna.call('campaigns.forCustomer', { customerId: vip.id })).map((c) => c.name)).toEqual(['VIP: скидка 10%']);
    ids.vip = vip.id;
    ids.plain = plain.id;
  });

  it('a response recorded offline reaches the figures after sync, once, and starts the follow-up process', async () => {
    anna.offline = true;
    const after = await anna.call('campaigns.respond', { campaignId: vipSale.id, customerId: ids.vip!, kind: 'interested' });
    expect(after.find((c) => c.id === vipSale.id)?.response).toMatchObject({ kind: 'interested', by: 'anna' });
    const runs = await anna.call('processes.runs', { customerId: ids.vip! });
    expect(runs.map((r) => [r.name, r.tasks.map((t) => [t.title, t.assignee?.id, t.dueAt])])).toEqual([['Выставить счёт по акции', [['Выставить счёт со скидкой', ids.anna, moscow('2026-03-16T18:00')]]]]);
    await expect(anna.call('campaigns.figures', {})).rejects.toThrow(/forbidden/);
    await sveta.sync();
    expect((await sveta.call('campaigns.figures', {})).figures?.campaigns.find((c) => c.campaignId === vipSale.id)?.responded).toBe(0);
    anna.offline = false;
    await anna.sync();
    await anna.sync();
    await boris.sync();
    const live = await sveta.call('campaigns.figures', {});
    expect(live.live).toBe(true);
    expect(live.figures?.campaigns.find((c) => c.campaignId === vipSale.id)).toMatchObject({ reach: 1, responded: 1, byKind: { interested: 1, declined: 0, purchased: 0, info: 0 }, byChannel: { call: 1 }, rate: 1 });
    expect(await server.db.selectFrom('campaign_response').select('id').execute()).toHaveLength(1);
    // Boris's desktop has it too: his card of the customer shows the response.
    expect((await boris.call('campaigns.forCustomer', { customerId: ids.vip! }))[0]?.response?.kind).toBe('interested');
    // Offline, the supervisor reads the last figures, marked as such.
    sveta.offline = true;
    const cached = await sveta.call('campaigns.figures', {});
    expect([cached.live, cached.figures?.campaigns.find((c) => c.campaignId === vipSale.id)?.responded]).toEqual([false, 1]);
    sveta.offline = false;
  });

  it('counts figures as a hand-built set of responses says: a customer once, by their latest kind; reach includes responders outside the target', async () => {
    const made: string[] = [];
    for (const [name, segment] of [['В1', 'VIP'], ['В2', 'vip'], ['В3', 'VIP'], ['В4', 'VIP'], ['Обычный', 'розница']] as const) {
      made.push((await boris.call('customers.create', { name, segment, contacts: [] })).id);
    }
    const respond = async (customerId: string, kind: 'interested' | 'declined' | 'purchased' | 'info', channel: 'call' | 'email' = 'call') => {
      clock += 60_000;
      await boris.call('campaigns.respond', { campaignId: vipSale.id, customerId, kind, channel });
    };
    await respond(made[0]!, 'info', 'email');
    await respond(made[0]!, 'purchased');
    await respond(made[1]!, 'declined');
    await respond(made[2]!, 'info', 'email');
    await respond(made[4]!, 'interested', 'email');
    await respond(made[4]!, 'declined', 'email');
    await boris.sync();
    const all = await campaignFigures(server.db, clock, 'Europe/Moscow');
    const vip = all.campaigns.find((c) => c.campaignId === vipSale.id)!;
    // Targeted: Ирина and В1–В4 (5); Обычный responded from outside the segment (6). Responded: Ирина, В1, В2, В3, Обычный.
    expect(vip).toEqual({
      campaignId: vipSale.id, name: 'VIP: скидка 10%', reach: 6, responded: 5,
      byKind: { interested: 1, declined: 2, purchased: 1, info: 1 }, byChannel: { call: 3, email: 2 }, rate: 5 / 6,
    });
    const open = all.campaigns.find((c) => c.campaignId === everyone.id)!;
    expect([open.reach, open.responded, open.rate]).toEqual([7, 0, 0]);
  });

  it('the server refuses what a user may not do, each alone, and the rest of the batch lands', async () => {
    const token = (await call<{ accessToken: string }>(server.url, 'POST', '/auth/login', { body: { username: 'anna', password: PASSWORD } })).body.accessToken;
    const hlc = encodeHlc({ ms: clock, counter: 0, node: 'a1b2c3d4' });
    const m = (entity: string, payload: Record<string, unknown>, i: number) => ({ seq: i, mutationId: newId(), entity, rowId: newId(), op: 'insert', hlc, payload: { ...payload, created_at: clock, updated_at: clock } });
    const response = { campaign_id: vipSale.id, customer_id: ids.plain, interaction_id: null, kind: 'info', channel: 'call', user_id: ids.anna, responded_at: clock, note: null };
    const res = await call<{ results: Array<{ status: string; reason?: string }> }>(server.url, 'POST', '/sync/push', {
      token, body: { clientId: newId(), mutations: [
        m('campaign', { name: 'x', kind: 'discount', starts_on: '2026-03-01', ends_on: '2026-03-02', offer: 'x', channel: 'call', segments: [], follow_up_process_id: null, follow_up_on: [], active: 1 }, 1),
        m('campaign_response', { ...response, user_id: ids.boris }, 2), // in a colleague's name
        m('campaign_response', { ...response, campaign_id: newId() }, 3), // no such campaign
        m('campaign_response', { ...response, kind: 'maybe' }, 4),
        m('campaign_response', response, 5),
      ] },
    });
    expect(res.body.results.map((r) => [r.status, r.reason ?? null])).toEqual([['rejected', 'forbidden'], ['rejected', 'forbidden'], ['rejected', 'not_found'], ['rejected', 'invalid'], ['applied', null]]);
    const supervisorToken = (await call<{ accessToken: string }>(server.url, 'POST', '/auth/login', { body: { username: 'sveta', password: PASSWORD } })).body.accessToken;
    const backwards = await call<{ results: Array<{ status: string; reason?: string }> }>(server.url, 'POST', '/sync/push', {
      token: supervisorToken, body: { clientId: newId(), mutations: [m('campaign', { name: 'x', kind: 'discount', starts_on: '2026-03-05', ends_on: '2026-03-02', offer: 'x', channel: 'call', segments: [], follow_up_process_id: null, follow_up_on: [], active: 1 }, 1)] },
    });
    expect(backwards.body.results.map((r) => r.reason)).toEqual(['invalid']);
    expect((await call(server.url, 'GET', '/campaigns/figures', { token })).status).toBe(403);
  });
});
