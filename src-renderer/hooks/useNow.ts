// The current time as React state, re-read every `everyMs`: a long-open card's "open 12 days", a
// task's "overdue" and the board's "time in state" must not freeze while nothing else renders.
import { useEffect, useState } from 'react';

export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
