import { events, type EventName, type EventPayload } from '../../src-shared';
import type { Logger } from '../platform/logger';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Fan-out of pushed events to every bridge; payloads are validated against the contract first. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly log: Logger) {}

  publish<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) {
      this.log.error('event payload rejected by contract', { event, issue: parsed.error.message });
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(event, parsed.data);
      } catch (err) {
        this.log.error('event listener failed', { event, err: String(err) });
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
