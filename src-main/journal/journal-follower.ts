/**
 * Runs a journal consumer's batch on a timer: a batch at a time, yielding to the event loop
 * between full batches (a first start on years of journal never holds up a lane or a payment),
 * then every `intervalMs` once caught up. `applyBatch` answers whether a full batch was read.
 */
export function followJournal(
  applyBatch: () => boolean,
  intervalMs: number,
  onError: (error: unknown) => void,
): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let immediate: NodeJS.Immediate | null = null;
  const tick = () => {
    timer = null;
    immediate = null;
    if (stopped) return;
    let more = false;
    try {
      more = applyBatch();
    } catch (error) {
      onError(error);
    }
    if (stopped) return;
    if (more) immediate = setImmediate(tick);
    else timer = setTimeout(tick, intervalMs);
  };
  tick();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
    },
  };
}
