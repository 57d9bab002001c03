import type { components } from '../api/openapi-types';

export type Problem = components['schemas']['Problem'];
export type ProblemCode = Problem['code'];

const TITLES: Record<ProblemCode, string> = {
  'malformed-json': 'The body is not JSON',
  'invalid-request': 'The request does not match the API',
  'unsupported-media-type': 'The body must be application/json',
  'payload-too-large': 'The body is too large',
  unauthorized: 'Not signed in',
  'token-expired': 'The access token has expired',
  'invalid-credentials': 'The device credentials were refused',
  'invalid-grant': 'The refresh token is not valid',
  'invalid-cursor': 'The cursor is not valid',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  'idempotency-conflict': 'The id was used before with different content',
  'coupon-refused': 'The coupon was not redeemed',
  'rate-limited': 'Too many requests',
  internal: 'The server failed',
};

/** An error a handler throws to answer with a problem+json; anything else becomes a 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extra: Partial<Problem> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export function problemBody(
  status: number,
  code: ProblemCode,
  detail: string,
  extra: Partial<Problem> = {},
): Problem {
  return {
    type: `https://station-console.invalid/problems/${code}`,
    title: TITLES[code],
    status,
    code,
    detail,
    ...extra,
  };
}
