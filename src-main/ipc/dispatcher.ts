import {
  channels,
  isChannelName,
  StationError,
  type Access,
  type ChannelName,
  type IpcResult,
  type OperatorView,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../src-shared';
import type { Logger } from '../app/logger';

/** Where a call came from, as vouched for by the bridge that received it. */
export interface CallContext {
  /** One per renderer: an Electron webContents id or a WebSocket connection. Sign-in is per caller. */
  callerId: string;
  /** The bridge checked the sender (Electron frame URL, or the host's token and origin). */
  trustedSender: boolean;
}

export interface Caller {
  readonly callerId: string;
  operator: OperatorView | null;
}

export type Handler<C extends ChannelName> = (
  payload: ParsedRequestOf<C>,
  caller: Caller,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

export type HandlerMap = { [C in ChannelName]: Handler<C> };

function allowed(access: Access, operator: OperatorView | null): StationError | null {
  if (access === 'public') return null;
  if (!operator) return new StationError('NOT_SIGNED_IN', 'Sign in to do this.');
  if (access === 'manager' && operator.role !== 'manager') {
    return new StationError('NOT_ALLOWED', 'Only a manager may do this.');
  }
  return null;
}

/**
 * Text for a log line or message from any value a caller sent or a handler threw. String() alone
 * throws on `{"toString":1}`, a throwing Proxy or 5,000 nested arrays (stack overflow); this never
 * throws, because the catch below must always produce an envelope.
 */
function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return `(unprintable ${typeof value})`;
  }
}

/**
 * The single entry point for every request, whichever bridge it came through:
 * it checks the sender, the channel, the payload and the caller's role, and always
 * answers with an envelope. Handlers never see unvalidated input.
 */
export class Dispatcher {
  private readonly callers = new Map<string, Caller>();

  constructor(
    private readonly handlers: HandlerMap,
    private readonly log: Logger,
  ) {}

  async invoke(channel: unknown, payload: unknown, ctx: CallContext): Promise<IpcResult<unknown>> {
    try {
      if (!ctx.trustedSender) {
        throw new StationError('FORBIDDEN_SENDER', 'Request refused: unknown sender.');
      }
      if (!isChannelName(channel)) {
        throw new StationError(
          'UNKNOWN_CHANNEL',
          `Unknown channel: ${describe(channel).slice(0, 60)}`,
        );
      }
      const def = channels[channel];
      const parsed = def.request.safeParse(payload ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({
          path: i.path.join('.'),
          message: i.message,
        }));
        const first = issues[0];
        const message = first ? `${first.path || 'payload'}: ${first.message}` : 'Invalid input.';
        throw new StationError('INVALID_PAYLOAD', message, issues);
      }
      const caller = this.caller(ctx.callerId);
      const denied = allowed(def.access, caller.operator);
      if (denied) throw denied;
      const handler = this.handlers[channel] as Handler<ChannelName>;
      const value = await handler(parsed.data as never, caller);
      // Answers are checked too: a shape the renderer was not promised is a bug here, not there.
      const answer = def.response.safeParse(value);
      if (!answer.success) {
        this.log.error('answer does not match the contract', {
          channel,
          issue: answer.error.issues[0]?.message,
          path: answer.error.issues[0]?.path.join('.'),
        });
        throw new Error(`${channel} answered outside its contract`);
      }
      return { ok: true, value: answer.data };
    } catch (err) {
      if (err instanceof StationError) {
        return { ok: false, error: { code: err.code, message: err.message, issues: err.issues } };
      }
      this.log.error('handler failed', {
        channel: describe(channel).slice(0, 60),
        err: describe(err),
      });
      return { ok: false, error: { code: 'INTERNAL', message: 'Internal error; it was logged.' } };
    }
  }

  /** Forget a renderer's sign-in when its window or connection goes away. */
  forgetCaller(callerId: string): void {
    this.callers.delete(callerId);
  }

  private caller(callerId: string): Caller {
    let caller = this.callers.get(callerId);
    if (!caller) {
      caller = { callerId, operator: null };
      this.callers.set(callerId, caller);
    }
    return caller;
  }
}
