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

/** Thrown inside the main process by services; the dispatcher turns it into an envelope. */
export class StationError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'StationError';
  }
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
