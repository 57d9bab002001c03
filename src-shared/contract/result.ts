import { translate, type Language, type MessageKey, type ParamsOf } from '../i18n/translate';

/** Every request answers with a result envelope, never a thrown error across the bridge. */
export type ErrorCode =
  | 'UNKNOWN_CHANNEL'
  | 'INVALID_PAYLOAD'
  | 'FORBIDDEN_SENDER'
  | 'NOT_SIGNED_IN'
  /** Signed in, but the session locked itself when idle: the operator's PIN opens it. */
  | 'SESSION_LOCKED'
  | 'NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DEVICE_FAULT'
  | 'INTERNAL';

export interface StationErrorShape {
  code: ErrorCode;
  message: string;
  /** Field-level problems for INVALID_PAYLOAD. */
  issues?: { path: string; message: string }[];
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: StationErrorShape };

/** A message as a catalogue key and its values, so it can be said in any language. */
export interface CatalogueText {
  key: MessageKey;
  /** Amounts, times and names come formatted already (strings) or as plain numbers. */
  params?: Record<string, string | number>;
}

function say(language: Language, text: CatalogueText): string {
  return (translate as (l: Language, k: MessageKey, p?: object) => string)(
    language,
    text.key,
    text.params,
  );
}

/** Thrown inside the main process by services; the dispatcher turns it into an envelope. */
export class StationError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
    /** What `message` says, from the catalogue; absent, the message reaches every console as is. */
    readonly text?: CatalogueText,
  ) {
    super(message);
    this.name = 'StationError';
  }

  /** The same refusal pointed at a form field: one issue at `path`, by default repeating it. */
  at(path: string, message = this.message): StationError {
    return new StationError(this.code, this.message, [{ path, message }], this.text);
  }

  /**
   * The envelope's error as a console in `language` reads it. The message was thrown in
   * English (logs read it so); a keyed one is said again in `language`, and so is an issue
   * that repeats it. Unkeyed errors pass through unchanged.
   */
  shapeIn(language: Language): StationErrorShape {
    const shape: StationErrorShape = {
      code: this.code,
      message: this.message,
      issues: this.issues,
    };
    if (!this.text || language === 'en') return shape;
    const message = say(language, this.text);
    const issues = this.issues?.map((i) => (i.message === this.message ? { ...i, message } : i));
    return { code: this.code, message, issues };
  }
}

/**
 * A StationError worded from the catalogue: its message is the English text (as logs and
 * English consoles read it, and as tests match it); the dispatcher says it in the console's
 * language. Money and times in `params` are formatted by the caller, as in any message.
 */
export function refused<K extends MessageKey>(
  code: ErrorCode,
  key: K,
  ...params: ParamsOf<K>
): StationError {
  const text: CatalogueText = { key, params: params[0] as CatalogueText['params'] };
  return new StationError(code, say('en', text), undefined, text);
}

/** A refusal in a catalogue text a domain rule chose (a plate's check, say), in English here. */
export function refusedAs(code: ErrorCode, text: CatalogueText): StationError {
  return new StationError(code, say('en', text), undefined, text);
}

/** Raised on the renderer side when a request comes back with ok: false. */
export class StationRequestError extends Error {
  readonly code: ErrorCode;
  readonly issues: { path: string; message: string }[];
  constructor(shape: StationErrorShape) {
    super(shape.message);
    this.name = 'StationRequestError';
    this.code = shape.code;
    this.issues = shape.issues ?? [];
  }
}
