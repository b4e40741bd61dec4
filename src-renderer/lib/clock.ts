// Durations as a clock reads them: the call timer, a supervisor's handling time.

/** 83 → "01:23", 3723 → "1:02:03". */
export function formatClock(totalS: number): string {
  const s = Math.max(0, Math.floor(totalS));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}
