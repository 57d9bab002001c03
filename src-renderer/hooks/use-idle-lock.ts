import { useEffect } from 'react';
import { useOperatorStore } from '../stores/operator-store';

/**
 * Locks the console after the station's idle time without a key or a touch, and tells the
 * station (now and then) that someone is there. The station keeps its own idle clock and
 * refuses a locked console whatever this screen shows; this only shows the lock on time.
 */
export function useIdleLock(): void {
  const active = useOperatorStore((s) => s.operator !== null && !s.locked);
  const idleLockMs = useOperatorStore((s) => s.idleLockMs);
  const lock = useOperatorStore((s) => s.lock);
  const activity = useOperatorStore((s) => s.activity);

  useEffect(() => {
    if (!active) return;
    let timer = setTimeout(lock, idleLockMs);
    function onInput() {
      clearTimeout(timer);
      timer = setTimeout(lock, idleLockMs);
      activity();
    }
    // Capture: a dialog that stops a key from bubbling still counts as someone at the console.
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, onInput, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, onInput, { capture: true });
    };
  }, [active, idleLockMs, lock, activity]);
}
