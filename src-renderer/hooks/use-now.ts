import { useEffect, useState } from 'react';

/**
 * The wall clock, read again every `everyMs` while the component is mounted (for "N minutes
 * ago" that must not stand still). Returns epoch ms.
 */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
