// The admin's methods on the desktop: the centre's PBXes and who has which extension on each, read
// and changed live on the central server (never cached: a stale map of lines would route calls to
// the wrong people). The role is checked here first; the server checks it again.
import { ApiError, type AdminHandlers } from '../../../../src-shared/index.js';
import { PbxSourceDetail, PbxSourceView } from '../../../../src-shared/pbx/protocol.js';
import type { ServerApi } from '../../sync/server-api.js';
import type { SupervisorContext } from './supervisor-handlers.js';
import { live } from './supervisor-handlers.js';
import { getUser } from '../../store/users.js';

export function createAdminHandlers(ctx: SupervisorContext): AdminHandlers {
  const serverFor = (): ServerApi => {
    const role = ctx.sync.status.user?.role ?? ctx.sync.server?.user?.role ?? getUser(ctx.db, ctx.currentUserId())?.role ?? null;
    if (role !== 'admin') throw new ApiError('forbidden', 'PBX lines are managed by admins');
    const api = ctx.sync.server;
    if (!api || !api.hasCredentials()) throw new ApiError('offline', 'not signed in to a central server');
    return api;
  };
  const onServer = <T>(fn: (api: ServerApi) => Promise<T>): Promise<T> => {
    const api = serverFor();
    return live(() => fn(api));
  };
  const path = (sourceId: string) => `/admin/pbx/${encodeURIComponent(sourceId)}`;

  return {
    'admin.pbxList': () => onServer((api) => api.call('GET', '/admin/pbx', undefined, PbxSourceView.array())),
    'admin.pbxLines': ({ sourceId }) => onServer((api) => api.call('GET', path(sourceId), undefined, PbxSourceDetail)),
    'admin.pbxSetLine': async ({ sourceId, ...line }) => {
      const detail = await onServer((api) => api.call('POST', `${path(sourceId)}/lines`, line, PbxSourceDetail));
      // An Asterisk line changes the user's synced record: fetch it now rather than at the next poke.
      ctx.sync.nudge();
      return detail;
    },
    'admin.pbxRemoveLine': async ({ sourceId, userId }) => {
      const detail = await onServer((api) => api.call('DELETE', `${path(sourceId)}/lines/${encodeURIComponent(userId)}`, undefined, PbxSourceDetail));
      ctx.sync.nudge();
      return detail;
    },
  };
}
