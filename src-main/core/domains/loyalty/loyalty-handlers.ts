// Loyalty (issue 20): supervisors set programmes; anyone issues a card, records a purchase (its points
// accrue at the programme's rate) and spends points on the card, offline too; the programme's figures
// come from the server, and offline the last ones read.
import { LoyaltyFiguresResponse, type LoyaltyFiguresView } from '../../../../src-shared/loyalty/loyalty.js';
import type { LoyaltyHandlers } from '../../../../src-shared/index.js';
import { requireCustomer } from '../../store/customers.js';
import { issueCard, listProgrammes, recordPurchase, redeem, saveProgramme, standings } from '../../store/loyalty.js';
import type { Store } from '../../store/write-path.js';
import { requireSupervisor } from '../planning/process-handlers.js';
import { cacheKey, SupervisorCache } from '../supervisor/supervisor-cache.js';
import { toApiError, unreachable, type SupervisorContext } from '../supervisor/supervisor-handlers.js';

export function createLoyaltyHandlers(ctx: SupervisorContext & { store: Store }): LoyaltyHandlers {
  const { db, store } = ctx;
  const cache = new SupervisorCache(db);
  const onCard = (customerId: string, write: (owner: string, userId: string, w: Parameters<Parameters<Store['write']>[0]>[0]) => void) =>
    store.write((w) => {
      const owner = requireCustomer(db, customerId).id;
      write(owner, ctx.currentUserId(), w);
      return standings(db, owner);
    });
  return {
    'loyalty.programmes': () => listProgrammes(db),
    'loyalty.saveProgramme': (input) => {
      store.write((w) => {
        requireSupervisor(db, ctx.currentUserId(), 'setting loyalty programmes');
        saveProgramme(db, w, input);
      });
      return listProgrammes(db);
    },
    'loyalty.forCustomer': ({ customerId }) => standings(db, requireCustomer(db, customerId).id),
    'loyalty.issueCard': (input) => onCard(input.customerId, (owner, _user, w) => issueCard(db, w, { ...input, customerId: owner })),
    'loyalty.purchase': (input) => onCard(input.customerId, (owner, user, w) => recordPurchase(db, w, { ...input, customerId: owner }, user)),
    'loyalty.redeem': (input) => onCard(input.customerId, (owner, user, w) => redeem(db, w, { ...input, customerId: owner }, user)),
    'loyalty.figures': async (): Promise<LoyaltyFiguresView> => {
      requireSupervisor(db, ctx.currentUserId(), 'loyalty figures');
      const api = ctx.sync.server;
      if (!api || !api.hasCredentials()) return { figures: null, available: false, live: false, fetchedAt: null };
      const key = cacheKey(`${ctx.sync.status.user?.id ?? ctx.currentUserId()} loyalty.figures`, {});
      try {
        const figures = await api.call('GET', '/loyalty/figures', undefined, LoyaltyFiguresResponse);
        ctx.sync.serverReached(true);
        cache.put(key, figures, figures.computedAtMs);
        return { figures, available: true, live: true, fetchedAt: figures.computedAtMs };
      } catch (error) {
        if (!unreachable(error)) throw toApiError(error);
        ctx.sync.serverReached(false);
        const hit = cache.get(key, LoyaltyFiguresResponse);
        return { figures: hit?.data ?? null, available: true, live: false, fetchedAt: hit?.fetchedAt ?? null };
      }
    },
  };
}
