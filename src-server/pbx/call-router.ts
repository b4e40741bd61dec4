// Sends a cloud PBX's call events (and other news for one user) to the desktops of the users they
// concern, on the sync sockets those desktops already hold open. A user with no desktop online simply gets nothing: the server
// records the missed call itself (missed-call.ts), so no call is lost to a closed laptop.
import type { WebSocket } from 'ws';
import type { ServerCallMessage } from '../../src-shared/pbx/protocol.js';
import type { Delivery } from './calls.js';

export class CallRouter {
  private readonly byUser = new Map<string, Set<WebSocket>>();

  add(socket: WebSocket, userId: string): void {
    let sockets = this.byUser.get(userId);
    if (!sockets) {
      sockets = new Set();
      this.byUser.set(userId, sockets);
    }
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.byUser.get(userId) === sockets) this.byUser.delete(userId);
    });
  }

  /** How many of the users have a desktop connected. */
  online(userIds: readonly string[]): number {
    return userIds.filter((id) => (this.byUser.get(id)?.size ?? 0) > 0).length;
  }

  /** Sends one message to every open socket of a user (a review comment about their entry); returns how many. */
  tell(userId: string, message: object): number {
    const data = JSON.stringify(message);
    let sent = 0;
    for (const socket of this.byUser.get(userId) ?? []) {
      if (socket.readyState !== socket.OPEN) continue;
      socket.send(data);
      sent++;
    }
    return sent;
  }

  /** Sends one message to every open socket (news for the whole team: a conversation changed); returns how many. */
  tellEveryone(message: object): number {
    const data = JSON.stringify(message);
    let sent = 0;
    for (const sockets of this.byUser.values()) {
      for (const socket of sockets) {
        if (socket.readyState !== socket.OPEN) continue;
        socket.send(data);
        sent++;
      }
    }
    return sent;
  }

  /** Sends each delivery to every open socket of its users; returns the number of messages sent. */
  deliver(sourceId: string, deliveries: readonly Delivery[]): number {
    let sent = 0;
    for (const delivery of deliveries) {
      const data = JSON.stringify({ type: 'call', sourceId, event: delivery.event } satisfies ServerCallMessage);
      for (const userId of delivery.userIds) {
        for (const socket of this.byUser.get(userId) ?? []) {
          if (socket.readyState !== socket.OPEN) continue;
          socket.send(data);
          sent++;
        }
      }
    }
    return sent;
  }
}
