// Who holds a conversation (issue 26): one operator at a time. Two operators claiming at once: the
// server's conditional update lets exactly one through, and the other is answered `conflict` with
// the holder's name. The holder (or a supervisor) releases it back to the queue.
import type { Kysely, Transaction } from 'kysely';
import type { ClaimAnswer } from '../../src-shared/chat/protocol.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import type { UserRow } from '../users.js';
import { mayAccessConversation } from './read.js';

export async function claimedElsewhere(db: Kysely<ServerDb> | Transaction<ServerDb>, holderId: string): Promise<DomainError> {
  const holder = await db.selectFrom('app_user').select('name').where('id', '=', holderId).executeTakeFirst();
  return new DomainError('conflict', `${holder?.name ?? 'another operator'} already answers this conversation`, { claimedBy: holderId, claimedByName: holder?.name ?? null });
}

export async function claimConversation(db: Kysely<ServerDb>, user: UserRow, id: string, now: number): Promise<ClaimAnswer> {
  await mayAccessConversation(db, user, id);
  const won = await db.updateTable('conversation').set({ claimed_by: user.id, claimed_at: now })
    .where('id', '=', id).where('status', '=', 'open').where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_by', '=', user.id)]))
    .returning('id').executeTakeFirst();
  if (won) return { claimedBy: user.id, claimedByName: user.name, mine: true };
  const row = await db.selectFrom('conversation').select(['status', 'claimed_by']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'no such conversation');
  if (row.status !== 'open') throw new DomainError('conflict', 'the conversation is closed');
  throw await claimedElsewhere(db, row.claimed_by!);
}

export async function releaseConversation(db: Kysely<ServerDb>, user: UserRow, id: string): Promise<void> {
  await mayAccessConversation(db, user, id);
  const supervising = user.role === 'supervisor' || user.role === 'admin';
  const released = await db.updateTable('conversation').set({ claimed_by: null, claimed_at: null })
    .where('id', '=', id).where('status', '=', 'open').where((eb) => (supervising ? eb.lit(true) : eb('claimed_by', '=', user.id)))
    .returning('id').executeTakeFirst();
  if (!released) throw new DomainError('conflict', 'the conversation is not yours to release');
}
