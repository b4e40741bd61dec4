// The session: who is signed in, the desktop's settings, and the people rows can be assigned to.
import { ApiError, type SessionHandlers } from '../../../../src-shared/index.js';
import { countCustomers } from '../../store/customers.js';
import { countInteractions } from '../../store/interactions.js';
import { getSettings, updateSettings } from '../../store/settings.js';
import { getUser, listUsers } from '../../store/users.js';
import type { HandlerContext } from '../handler-context.js';

export function sessionHandlers(ctx: HandlerContext): SessionHandlers {
  const { db } = ctx.store;
  return {
    'session.get': () => {
      const user = getUser(db, ctx.currentUserId());
      if (!user) throw new ApiError('internal', 'the current user is missing');
      return { user, settings: getSettings(db), store: { customers: countCustomers(db), interactions: countInteractions(db) } };
    },
    'settings.update': (input) => updateSettings(db, input),
    'users.list': () => listUsers(db),
  };
}
