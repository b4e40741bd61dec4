// The admin's methods on the desktop: the centre's PBXes and who has which extension on each, read
// and changed live on the central server (never cached: a stale map of lines would route calls to
// the wrong people). The role is checked here first; the server checks it again.
import { ApiError, type AdminHandlers } from '../../../../src-shared/index.js';
import { PbxSourceDetail, PbxSourceView } from '../../../../src-shared/pbx/protocol.js';
import { SyncHttpError, type ServerApi } from '../../sync/server-api.js';
import type { SupervisorContext } from './supervisor-handlers.js';
import { toApiError } from './supervisor-handlers.js';
import { getUser } from '../../store/users.js';

export function createAdminHandlers(ctx: SupervisorContext): AdminHandlers {
  const serverFor = (): ServerApi => {
    const role = ctx.sync.status.user?.role ?? ctx.sync.server?.user?.role ?? getUser(ctx.db, ctx.currentUserId())?.role ?? null;
    if (role !== 'admin') throw new ApiError('forbidden', 'PBX lines are managed by admins');
    const api = ctx.sync.server;
    if (!api || !api.hasCredentials()) throw new ApiError('offline', 'not signed in to a central server');
    return api;
  };
  async function live<T>(fn: (api: ServerApi) => Promise<T>): Promise<T> {
    const api = serverFor();
    try {
      return await fn(api);
    } catch (error) {
      if (error instanceof SyncHttpError && (error.code === 'offline' || [502, 503, 504].includes(error.status))) {
        throw new ApiError('offline', 'the central server is unreachable; nothing was changed');
      }
      throw toApiError(error);
    }
  }
  const path = (sourceId: string) => `/admin/pbx/${encodeURIComponent(sourceId)}`;

  return {
    'admin.pbxList': () => live((api) => api.call('GET', '/admin/pbx', undefined, PbxSourceView.array())),
    'admin.pbxLines': ({ sourceId }) => live((api) => api.call('GET', path(sourceId), undefined, PbxSourceDetail)),
    'admin.pbxSetLine': async ({ sourceId, ...line }) => {
      const detail = await live((api) => api.call('POST', `${path(sourceId)}/lines`, line, PbxSourceDetail));
      // An Asterisk line changes the user's synced record: fetch it now rather than at the next poke.
      ctx.sync.nudge();
      return detail;
    },
    'admin.pbxRemoveLine': async ({ sourceId, userId }) => {
      const detail = await live((api) => api.call('DELETE', `${path(sourceId)}/lines/${encodeURIComponent(userId)}`, undefined, PbxSourceDetail));
      ctx.sync.nudge();
      return detail;
    },
  };
}
