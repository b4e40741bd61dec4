// The central server's public surface for bench/ and scripts/ (the layering check refuses imports
// that go around it).
export { hashPassword } from './auth/passwords.js';
export { issueAccessToken } from './auth/tokens.js';
export { type DatabaseTarget } from './db/connect.js';
export { migrate } from './db/migrate.js';
export { createMailbox } from './mail/mailboxes.js';
export { type ServerDb } from './db/schema.js';
export { openServerDatabase, type RunningServer, startServer } from './server.js';
export { teamBoard } from './supervisor/board.js';
export { centreDay } from './supervisor/centre-time.js';
export { computeFigures } from './supervisor/figures.js';
export { workQueue } from './supervisor/queue.js';
export { reviewPage } from './supervisor/review.js';
export { supervisorScope } from './supervisor/scope.js';
export { DEFAULT_SUPERVISOR_SETTINGS } from './supervisor/settings.js';
export { createTeam, createUser } from './users.js';
export { createApiToken } from './integration/tokens.js';
export { campaignFigures } from './campaigns/figures.js';
export { loyaltyFigures } from './loyalty/figures.js';
export { greetToday } from './greetings/sender.js';
