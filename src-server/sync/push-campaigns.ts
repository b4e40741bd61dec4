// Campaigns on a push (issue 20, push.ts): supervisors and admins record campaigns, and a campaign
// ends on or after the day it starts; operators record responses in their own name only, to a
// campaign the server has. A customer's tag row is named by its customer and tag (tagRowId), so a
// client cannot make a second row of one tag, nor turn a row into another tag.
import type { Transaction } from 'kysely';
import { tagRowId } from '../../src-shared/segments/segment.js';
import { foldLabel } from '../../src-shared/text.js';
import type { ServerDb } from '../db/schema.js';
import type { UserRow } from '../users.js';
import { Rejection } from './push-rejection.js';

export async function checkCampaignWrite(
  trx: Transaction<ServerDb>, user: UserRow, entity: 'campaign' | 'campaign_response', current: Record<string, unknown> | null, payload: Record<string, unknown>,
): Promise<void> {
  const field = (k: string) => (k in payload ? payload[k] : current?.[k]);
  if (entity === 'campaign') {
    if (user.role === 'operator') throw new Rejection('forbidden', 'campaigns are recorded by supervisors and admins');
    const starts = field('starts_on');
    const ends = field('ends_on');
    if (typeof starts === 'string' && typeof ends === 'string' && ends < starts) throw new Rejection('invalid', 'a campaign ends on or after the day it starts');
    return;
  }
  if (current) return;
  if (user.role === 'operator') {
    if (payload.user_id != null && payload.user_id !== user.id) throw new Rejection('forbidden', 'an operator records responses in their own name only');
    payload.user_id = user.id;
  }
  const campaign = await trx.selectFrom('campaign').select('id').where('id', '=', payload.campaign_id as string).executeTakeFirst();
  if (!campaign) throw new Rejection('not_found', 'the campaign of this response is not on the server');
}

export function checkTagWrite(rowId: string, current: Record<string, unknown> | null, payload: Record<string, unknown>): void {
  if (current === null) {
    if (rowId !== tagRowId(String(payload.customer_id), String(payload.tag))) throw new Rejection('invalid', "a tag's id is derived from its customer and the tag (tagRowId)");
    return;
  }
  if ('tag' in payload && foldLabel(String(payload.tag)) !== foldLabel(String(current.tag))) throw new Rejection('invalid', "a tag row's tag cannot change; take it off and add the other");
}
