// The desktops' WebSocket: the live feed of changes (pokes, pages for caught-up desktops) and the
// supervisors' updates. Returns the open sockets, which the app closes at shutdown.
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { Poke } from '../../src-shared/sync/protocol.js';
import { supervisedTeamIds } from '../supervisor/scope.js';
import { headSeq } from '../sync/change-log.js';
import type { UserRow } from '../users.js';
import type { RouteContext } from './route-context.js';

/** Messages a socket may send before its token is checked; more is abuse. */
const MAX_EARLY_MESSAGES = 4;

export function registerWebSocketRoutes(app: FastifyInstance, ctx: RouteContext): Set<WebSocket> {
  const { db, hub, feed } = ctx;
  const sockets = new Set<WebSocket>();

  app.get('/sync/ws', { websocket: true }, async (socket, request) => {
    // Listened to at once: a desktop's first caught-up can arrive while the token is checked.
    const early: unknown[] = [];
    let fed = false;
    socket.on('message', (data) => {
      if (fed) feed.receive(socket, data);
      else if (early.push(data) > MAX_EARLY_MESSAGES) socket.close(4400, 'too many messages');
    });
    let user: UserRow;
    try {
      user = await ctx.authenticate(request);
    } catch {
      socket.close(4401, 'unauthorized');
      return;
    }
    const teamIds = user.role === 'operator' ? [] : await supervisedTeamIds(db, user);
    if (socket.readyState !== socket.OPEN) return; // closed while its teams were read
    sockets.add(socket);
    feed.add(socket, user);
    fed = true;
    for (const data of early) feed.receive(socket, data);
    hub.add(socket, { userId: user.id, role: user.role, teamIds });
    ctx.calls.add(socket, user.id);
    // The board shows a connected desktop's last state, a disconnected one as offline (board.ts).
    hub.notify(['board'], [user.team_id]);
    socket.on('close', () => {
      sockets.delete(socket);
      feed.delete(socket);
      hub.notify(['board'], [user.team_id]);
    });
    socket.send(JSON.stringify({ type: 'poke', headSeq: await headSeq(db) } satisfies Poke));
  });

  return sockets;
}
