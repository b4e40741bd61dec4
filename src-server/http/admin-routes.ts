// Accounts and teams, managed by admins (supervisors may list users).
import type { FastifyInstance } from 'fastify';
import { CreateTeamRequest, CreateUserRequest } from '../../src-shared/sync/protocol.js';
import { Id } from '../../src-shared/domain.js';
import { createTeam, createUser, listUsers, revokeSessions, setUserDisabled, UnknownTeamError, UsernameTakenError, WeakPasswordError } from '../users.js';
import { z } from 'zod';
import { HttpError, parseOr400 } from './errors.js';
import type { RouteContext } from './route-context.js';

export function registerAdminRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, now } = ctx;

  app.post('/admin/users', async (request, reply) => {
    ctx.requireRole(await ctx.authenticate(request), 'admin');
    const input = parseOr400(CreateUserRequest, request.body);
    try {
      return reply.status(201).send(await createUser(db, input, now()));
    } catch (error) {
      if (error instanceof UsernameTakenError) throw new HttpError('conflict', error.message);
      if (error instanceof UnknownTeamError || error instanceof WeakPasswordError) throw new HttpError('validation', error.message);
      throw error;
    }
  });

  app.get('/admin/users', async (request) => {
    const user = await ctx.authenticate(request);
    ctx.requireRole(user, 'admin', 'supervisor');
    return listUsers(db, user);
  });

  // Offboarding: a disabled account is signed out everywhere at once (its tokens are refused and its
  // desktop told at its next request); revoking sessions signs it out without disabling it.
  const UserParams = z.object({ id: Id });
  const adminAction = (path: string, run: (id: string) => Promise<boolean>) =>
    app.post(path, async (request) => {
      ctx.requireRole(await ctx.authenticate(request), 'admin');
      const { id } = parseOr400(UserParams, request.params);
      if (!(await run(id))) throw new HttpError('not_found', `no user ${id}`);
      return { ok: true };
    });
  adminAction('/admin/users/:id/disable', (id) => setUserDisabled(db, id, true, now()));
  adminAction('/admin/users/:id/enable', (id) => setUserDisabled(db, id, false, now()));
  adminAction('/admin/users/:id/revoke-sessions', (id) => revokeSessions(db, id, now()));

  app.post('/admin/teams', async (request, reply) => {
    ctx.requireRole(await ctx.authenticate(request), 'admin');
    const input = parseOr400(CreateTeamRequest, request.body);
    return reply.status(201).send(await createTeam(db, input.name, now()));
  });
}
