// Campaigns (issue 20): supervisors record them on their desktop (synced to every desktop, offline
// too), operators see the ones that apply on the card and record responses in one key, and the
// figures come from the server, which sees every response; offline, the last figures read.
import { CampaignFiguresResponse, type CampaignFiguresView } from '../../../../src-shared/campaigns/campaign.js';
import type { CampaignHandlers } from '../../../../src-shared/index.js';
import { cardCampaigns, centreToday, listCampaigns, recordResponse, saveCampaign } from '../../store/campaigns.js';
import { requireCustomer } from '../../store/customers.js';
import { customerLabels } from '../../store/segments.js';
import type { Store } from '../../store/write-path.js';
import { requireSupervisor } from '../planning/process-handlers.js';
import { cacheKey, SupervisorCache } from '../supervisor/supervisor-cache.js';
import { toApiError, unreachable, type SupervisorContext } from '../supervisor/supervisor-handlers.js';

export function createCampaignHandlers(ctx: SupervisorContext & { store: Store }): CampaignHandlers {
  const { db, store } = ctx;
  const cache = new SupervisorCache(db);
  return {
    'campaigns.list': () => listCampaigns(db),
    'campaigns.save': (input) =>
      store.write((w) => {
        requireSupervisor(db, ctx.currentUserId(), 'recording campaigns');
        return saveCampaign(db, w, input);
      }),
    'campaigns.forCustomer': ({ customerId }) => {
      const customer = requireCustomer(db, customerId);
      const now = ctx.serverNow();
      const today = centreToday(db, now);
      return cardCampaigns(db, customer.id, customerLabels(db, customer.id, today, now).all, today);
    },
    'campaigns.respond': (input) =>
      store.write((w) => {
        const customer = requireCustomer(db, input.customerId);
        recordResponse(db, w, { ...input, customerId: customer.id }, ctx.currentUserId());
        const today = centreToday(db, w.now);
        return cardCampaigns(db, customer.id, customerLabels(db, customer.id, today, w.now).all, today);
      }),
    'campaigns.figures': async (): Promise<CampaignFiguresView> => {
      requireSupervisor(db, ctx.currentUserId(), 'campaign figures');
      const api = ctx.sync.server;
      if (!api || !api.hasCredentials()) return { figures: null, available: false, live: false, fetchedAt: null };
      const key = cacheKey(`${ctx.sync.status.user?.id ?? ctx.currentUserId()} campaigns.figures`, {});
      try {
        const figures = await api.call('GET', '/campaigns/figures', undefined, CampaignFiguresResponse);
        ctx.sync.serverReached(true);
        cache.put(key, figures, figures.computedAtMs);
        return { figures, available: true, live: true, fetchedAt: figures.computedAtMs };
      } catch (error) {
        if (!unreachable(error)) throw toApiError(error);
        ctx.sync.serverReached(false);
        const hit = cache.get(key, CampaignFiguresResponse);
        return { figures: hit?.data ?? null, available: true, live: false, fetchedAt: hit?.fetchedAt ?? null };
      }
    },
  };
}
