import {
  channels,
  DEFAULT_LANGUAGE,
  isChannelName,
  refused as keyedRefusal,
  StationError,
  type ChannelName,
  type Language,
  type IpcResult,
  type OperatorView,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../src-shared';
import type { Logger } from '../platform/logger';
import type { ElevatedCall } from '../services/elevation';
import { SignedInOperators } from '../services/signed-in-operators';
import { refusal, standingOf } from './permissions';
import { payloadErrorMap } from './payload-language';

/** Where a call came from, as vouched for by the bridge that received it. */
export interface CallContext {
  /** One per renderer: an Electron webContents id or a WebSocket connection. Sign-in is per caller. */
  callerId: string;
  /** The bridge checked the sender (Electron frame URL, or the host's token and origin). */
  trustedSender: boolean;
}

/** Who a handler is answering; sign-in state itself lives in SignedInOperators. */
export interface Caller {
  readonly callerId: string;
  /** Who acts: the operator signed in here, or the manager whose approval this call used. */
  readonly operator: OperatorView | null;
  /** The cashier signed in here, when a manager's approval made `operator` the manager. */
  readonly attendant: OperatorView | null;
}

export type Handler<C extends ChannelName> = (
  payload: ParsedRequestOf<C>,
  caller: Caller,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

export type HandlerMap = { [C in ChannelName]: Handler<C> };

export interface DispatcherOptions {
  /** Who is signed in where; the handlers must share it (they sign in and out through it). */
  signIns?: SignedInOperators;
  /** Runs a call a manager approved at a cashier's console (journals both names). */
  runElevated?: <T>(call: ElevatedCall, action: () => Promise<T>) => Promise<T>;
  /** The consoles' language now (the station's setting): refusals are said in it. */
  language?: () => Language;
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
  private readonly signIns: SignedInOperators;
  private readonly runElevated: NonNullable<DispatcherOptions['runElevated']>;
  private readonly language: () => Language;

  constructor(
    private readonly handlers: HandlerMap,
    private readonly log: Logger,
    opts: DispatcherOptions = {},
  ) {
    this.signIns = opts.signIns ?? new SignedInOperators({ clock: Date.now });
    this.runElevated = opts.runElevated ?? ((_call, action) => action());
    this.language = opts.language ?? (() => DEFAULT_LANGUAGE);
  }

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
      // Who may call comes before what they sent: a refused caller learns nothing of the schema.
      const session = this.signIns.session(ctx.callerId);
      const holdsGrant = def.access === 'manager' && this.signIns.hasGrant(ctx.callerId, channel);
      const standing = standingOf(session, def.access, holdsGrant);
      const refused = refusal(def.access, standing);
      if (refused) throw keyedRefusal(refused.code, refused.key);
      const parsed = def.request.safeParse(payload ?? {});
      if (!parsed.success) {
        // Parsed again in the console's words only here: reading the language setting on every
        // request would put a settings read on the hot path for the rare refusal's sake.
        const said = def.request.safeParse(payload ?? {}, {
          error: payloadErrorMap(this.saidIn()),
        });
        const issues = (said.error ?? parsed.error).issues.map((i) => ({
          path: i.path.join('.'),
          message: i.message,
        }));
        const first = issues[0];
        const message = first ? `${first.path || 'payload'}: ${first.message}` : 'Invalid input.';
        throw new StationError('INVALID_PAYLOAD', message, issues);
      }
      const signedIn: OperatorView | null = session && { name: session.name, role: session.role };
      const handler = this.handlers[channel] as Handler<ChannelName>;
      let value: unknown;
      if (standing === 'elevated') {
        // Used up only by a call that got this far: a mistyped payload keeps the approval.
        const manager = this.signIns.takeGrant(ctx.callerId, channel);
        if (!manager || !signedIn) throw keyedRefusal('NOT_ALLOWED', 'refusal.approvalUsed');
        const caller = { callerId: ctx.callerId, operator: manager, attendant: signedIn };
        value = await this.runElevated({ manager, attendant: signedIn, channel }, async () =>
          handler(parsed.data as never, caller),
        );
      } else {
        const caller = { callerId: ctx.callerId, operator: signedIn, attendant: null };
        value = await handler(parsed.data as never, caller);
      }
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
      if (err instanceof StationError) return { ok: false, error: err.shapeIn(this.saidIn()) };
      this.log.error('handler failed', {
        channel: describe(channel).slice(0, 60),
        err: describe(err),
      });
      const internal = keyedRefusal('INTERNAL', 'refusal.internal');
      return { ok: false, error: internal.shapeIn(this.saidIn()) };
    }
  }

  /** The language to refuse in; English when the setting cannot be read (the envelope must come). */
  private saidIn(): Language {
    try {
      return this.language();
    } catch {
      return DEFAULT_LANGUAGE;
    }
  }

  /** A renderer's window or connection went away: its session ends ('disconnected'). */
  forgetCaller(callerId: string): void {
    try {
      this.signIns.forget(callerId);
    } catch (err) {
      // The bridges call this from close events, which may come after the station stopped.
      this.log.warn('could not journal a disconnected sign-out', { callerId, err: describe(err) });
    }
  }
}
