// The supervisors' queue numbers as the desktop shows them: the server's (the PBXes it follows) and
// this desktop's AMI link's (Asterisk's queue events, which only desktops receive), each queue its
// own row, and the total over all. The averages of the total are weighted by the calls answered.
import type { QueueBasis, QueueNumbers, QueueSourceNumbers, QueueStatsResponse } from '../../../../src-shared/index.js';

export interface LocalQueue {
  queue: string;
  numbers: QueueNumbers;
}

function basisOf(a: QueueBasis, b: QueueBasis): QueueBasis {
  if (a === 'none') return b;
  if (b === 'none' || a === b) return a;
  return 'mixed';
}

function weighted(parts: readonly QueueNumbers[], pick: (n: QueueNumbers) => number | null): number | null {
  let sum = 0;
  let weight = 0;
  for (const n of parts) {
    const value = pick(n);
    if (value === null || n.answered === 0) continue;
    sum += value * n.answered;
    weight += n.answered;
  }
  return weight > 0 ? Math.round(sum / weight) : null;
}

export function totalOf(parts: readonly QueueNumbers[]): QueueNumbers {
  const sum = (pick: (n: QueueNumbers) => number) => parts.reduce((acc, n) => acc + pick(n), 0);
  const longest = parts.map((n) => n.longestWaitMs).filter((v): v is number => v !== null);
  return {
    waitingNow: sum((n) => n.waitingNow),
    longestWaitMs: longest.length > 0 ? Math.max(...longest) : null,
    offered: sum((n) => n.offered),
    answered: sum((n) => n.answered),
    answeredWithin: sum((n) => n.answeredWithin),
    abandoned: sum((n) => n.abandoned),
    asaMs: weighted(parts, (n) => n.asaMs),
    handlingMs: weighted(parts, (n) => n.handlingMs),
    basis: parts.reduce<QueueBasis>((b, n) => basisOf(b, n.basis), 'none'),
  };
}

/** The server's answer with this desktop's AMI queues added (sources `ami-1`, `ami-2`, … named "<queue> · AMI"). */
export function withLocalQueues(answer: QueueStatsResponse, local: readonly LocalQueue[]): QueueStatsResponse {
  if (local.length === 0) return answer;
  const added: QueueSourceNumbers[] = local.map((q, i) => ({ ...q.numbers, sourceId: `ami-${i + 1}`, name: `${q.queue} · AMI`, kind: 'asterisk' }));
  const sources = [...answer.sources, ...added];
  // The server's total already covers its sources; the AMI queues join it.
  return { ...answer, sources, total: totalOf([answer.total, ...added]) };
}
