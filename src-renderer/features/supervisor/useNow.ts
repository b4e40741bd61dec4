import { useEffect, useState } from 'react';

/** The current time, re-read every `everyMs`: the board's "time in state" ticks without refetching. */
export function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
