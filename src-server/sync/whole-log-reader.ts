// The reader the server's own followers of the change log read as (the integration API's export,
// the outgoing webhooks, the email surveys): an admin's scope, every customer's rows and erasures.
import type { UserRow } from '../users.js';

export const WHOLE_LOG_READER = { id: '00000000-0000-7000-8000-000000000000', role: 'admin', scope: 'all', team_id: null } as unknown as UserRow;
