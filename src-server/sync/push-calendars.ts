// Who may write what in people's calendars (issue 19), checked on a push (push.ts). An operator
// books into their own calendar or a teammate's (an 'all'-scope operator: anyone's), answers only
// appointments booked into their own calendar, and enters absences only for themselves; supervisors
// and admins book, answer for their people and enter anyone's absences.
import type { Transaction } from 'kysely';
import type { ServerDb } from '../db/schema.js';
import type { UserRow } from '../users.js';
import { Rejection } from './push-rejection.js';

async function teamOf(trx: Transaction<ServerDb>, userId: string): Promise<string | null | undefined> {
  const row = await trx.selectFrom('app_user').select('team_id').where('id', '=', userId).executeTakeFirst();
  return row === undefined ? undefined : row.team_id;
}

async function mayBookInto(trx: Transaction<ServerDb>, user: UserRow, attendeeId: string): Promise<boolean> {
  if (attendeeId === user.id || user.role !== 'operator' || user.scope === 'all') return (await teamOf(trx, attendeeId)) !== undefined;
  const team = await teamOf(trx, attendeeId);
  return team !== undefined && team !== null && team === user.team_id;
}

export async function checkCalendarWrite(
  trx: Transaction<ServerDb>, user: UserRow, entity: string, current: Record<string, unknown> | null, payload: Record<string, unknown>,
): Promise<void> {
  const field = (k: string) => (k in payload ? payload[k] : current?.[k]);
  if (entity === 'appointment') {
    if (!current && user.role === 'operator' && payload.organiser_id !== user.id) throw new Rejection('forbidden', 'an operator books in their own name only');
    if (current && user.role === 'operator' && current.organiser_id !== user.id && current.attendee_id !== user.id) {
      throw new Rejection('forbidden', 'only the booker and the colleague it is booked for change an appointment');
    }
    if (current && 'organiser_id' in payload && payload.organiser_id !== current.organiser_id) throw new Rejection('forbidden', 'who booked an appointment does not change');
    if ('attendee_id' in payload && !(await mayBookInto(trx, user, payload.attendee_id as string))) {
      throw new Rejection('forbidden', 'you may book into your own or your team’s calendars');
    }
    const starts = field('starts_at');
    const ends = field('ends_at');
    if (typeof starts === 'number' && typeof ends === 'number' && ends <= starts) throw new Rejection('invalid', 'an appointment ends after it starts');
  } else if (entity === 'appointment_answer') {
    if (current) return;
    if (user.role === 'operator' && payload.user_id !== user.id) throw new Rejection('forbidden', 'an operator answers in their own name only');
    const booked = await trx.selectFrom('appointment').select(['attendee_id', 'organiser_id']).where('id', '=', payload.appointment_id as string).executeTakeFirst();
    if (!booked) throw new Rejection('not_found', 'the appointment of this answer is not on the server');
    // The colleague answers; the booker takes a counter-proposal (an 'accept' of their own).
    if (user.role === 'operator' && booked.attendee_id !== payload.user_id && booked.organiser_id !== payload.user_id) {
      throw new Rejection('forbidden', 'only the colleague it is booked for answers an appointment');
    }
  } else if (entity === 'absence') {
    if (user.role !== 'operator') return;
    if (field('user_id') !== user.id || (current && current.user_id !== user.id)) throw new Rejection('forbidden', 'an operator enters their own absences; a supervisor enters anyone’s');
  }
}
