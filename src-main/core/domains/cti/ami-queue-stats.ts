// Today's queue numbers from the queue events Asterisk sends on the AMI link (issue 17): calls that
// only desktops see, since the server follows cloud PBXes only. Asterisk's app_queue reports
//   QueueCallerJoin (Queue, Uniqueid) → AgentConnect (HoldTime: seconds waited) → AgentComplete (TalkTime)
//   QueueCallerJoin → QueueCallerAbandon (HoldTime)          QueueCallerLeave: gone from the queue, either way
// so every figure here comes from the queue's own events ('queue_events'). Counted since this
// desktop's local midnight, in memory: a restart starts the day's count over (the screen shows the
// link's numbers next to the server's, and says where each comes from).
import type { QueueNumbers } from '../../../../src-shared/index.js';
import type { AmiMessage } from './ami-protocol.js';

interface QueueDay {
  holdsAnsweredS: number[];
  abandoned: number;
  talkSumS: number;
  talked: number;
}

const newDay = (): QueueDay => ({ holdsAnsweredS: [], abandoned: 0, talkSumS: 0, talked: 0 });

/** Seconds from an AMI field; anything that is not a whole number of seconds counts as none. */
function seconds(value: string | undefined): number | null {
  return value !== undefined && /^\d{1,7}$/.test(value) ? Number(value) : null;
}

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export class AmiQueueStats {
  private day = -1;
  private readonly queues = new Map<string, QueueDay>();
  /** Callers in a queue now, by their channel's Uniqueid. */
  private readonly waiting = new Map<string, { queue: string; since: number }>();

  constructor(private readonly now: () => number) {}

  handle(m: AmiMessage): void {
    if (m.Event === undefined || (!m.Event.startsWith('Queue') && !m.Event.startsWith('Agent'))) return;
    const at = this.now();
    this.rollDay(at);
    const queue = m.Queue ?? '';
    const caller = m.Uniqueid ?? '';
    if (queue === '') return;
    const q = this.queues.get(queue) ?? newDay();
    this.queues.set(queue, q);
    switch (m.Event) {
      case 'QueueCallerJoin':
        if (caller !== '') this.waiting.set(caller, { queue, since: at });
        break;
      case 'AgentConnect': {
        const hold = seconds(m.HoldTime);
        if (hold !== null) q.holdsAnsweredS.push(hold);
        this.waiting.delete(caller);
        break;
      }
      case 'QueueCallerAbandon':
        q.abandoned++;
        this.waiting.delete(caller);
        break;
      case 'QueueCallerLeave':
        this.waiting.delete(caller);
        break;
      case 'AgentComplete': {
        const talk = seconds(m.TalkTime);
        if (talk !== null) {
          q.talkSumS += talk;
          q.talked++;
        }
        break;
      }
      default:
        break;
    }
  }

  /** The link dropped: who is waiting is no longer known (the day's counts stay). */
  linkLost(): void {
    this.waiting.clear();
  }

  /** Today's numbers per queue (name → numbers), answered within `withinS` seconds for the service level. */
  snapshot(withinS: number): Array<{ queue: string; numbers: QueueNumbers }> {
    const at = this.now();
    this.rollDay(at);
    const names = new Set([...this.queues.keys(), ...[...this.waiting.values()].map((w) => w.queue)]);
    return [...names].sort().map((queue) => {
      const q = this.queues.get(queue) ?? newDay();
      const waits = [...this.waiting.values()].filter((w) => w.queue === queue).map((w) => Math.max(0, at - w.since));
      const answered = q.holdsAnsweredS.length;
      return {
        queue,
        numbers: {
          waitingNow: waits.length,
          longestWaitMs: waits.length > 0 ? Math.max(...waits) : null,
          offered: answered + q.abandoned,
          answered,
          answeredWithin: q.holdsAnsweredS.filter((s) => s <= withinS).length,
          abandoned: q.abandoned,
          asaMs: answered > 0 ? Math.round((q.holdsAnsweredS.reduce((a, b) => a + b, 0) / answered) * 1000) : null,
          handlingMs: q.talked > 0 ? Math.round((q.talkSumS / q.talked) * 1000) : null,
          basis: 'queue_events',
        },
      };
    });
  }

  private rollDay(at: number): void {
    const day = startOfDay(at);
    if (day === this.day) return;
    this.day = day;
    this.queues.clear();
  }
}
