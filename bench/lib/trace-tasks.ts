// Long tasks of the renderer's main thread, read from a Chromium performance trace (bench/ui-card.ts).

import { round, summarise } from './common.js';

export interface TaskTimes {
  tasks: number;
  overWallMs: number;
  overCpuMs: number;
  longestWallMs: number;
  longestCpuMs: number;
  /** CPU time of the task with the longest wall time. */
  cpuOfLongestWallMs: number;
  /** All main-thread CPU time during the scroll, and the 99th percentile of a task's. */
  cpuTotalMs: number;
  cpuP99Ms: number;
}

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Main-thread task times of the renderer (the CrRendererMain thread that ran the most tasks). */
export function taskTimes(traceJson: string, overMs: number): TaskTimes | null {
  const parsed = JSON.parse(traceJson) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask' || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!mains.has(key)) continue;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  const tasks = [...byThread.values()].sort((a, b) => b.length - a.length)[0];
  if (!tasks || tasks.length === 0) return null;
  const wall = (e: TraceEvent) => (e.dur ?? 0) / 1000;
  const cpu = (e: TraceEvent) => (e.tdur ?? e.dur ?? 0) / 1000;
  const longestWall = tasks.reduce((m, e) => (wall(e) > wall(m) ? e : m));
  return {
    tasks: tasks.length,
    overWallMs: tasks.filter((e) => wall(e) > overMs).length,
    overCpuMs: tasks.filter((e) => cpu(e) > overMs).length,
    longestWallMs: round(wall(longestWall), 1),
    longestCpuMs: round(Math.max(...tasks.map(cpu)), 1),
    cpuOfLongestWallMs: round(cpu(longestWall), 1),
    cpuTotalMs: round(tasks.reduce((sum, e) => sum + cpu(e), 0), 0),
    cpuP99Ms: round(summarise(tasks.map(cpu)).p99, 1),
  };
}
