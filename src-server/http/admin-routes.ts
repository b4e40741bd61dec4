// Accounts and teams, managed by admins (supervisors may list users).
import type { FastifyInstance } from 'fastify';
import { CreateTeamRequest, CreateUserRequest } from '../../src-shared/sync/protocol.js';
import { createTeam, createUser, listUsers, UnknownTeamError, UsernameTakenError } from '../users.js';
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
      if (error instanceof UnknownTeamError) throw new HttpError('validation', error.message);
      throw error;
    }
  });

  app.get('/admin/users', async (request) => {
    const user = await ctx.authenticate(request);
    ctx.requireRole(user, 'admin', 'supervisor');
    return listUsers(db, user);
  });

  app.post('/admin/teams', async (request, reply) => {
    ctx.requireRole(await ctx.authenticate(request), 'admin');
    const input = parseOr400(CreateTeamRequest, request.body);
    return reply.status(201).send(await createTeam(db, input.name, now()));
  });
}
