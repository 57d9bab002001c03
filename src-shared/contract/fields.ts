import { z } from 'zod';

/** Reusable payload fields: bounds here are the first line of defence against bad input. */
export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'invalid id');
/** Raw plate as typed or read; normalised and validated further by the domain. */
export const plateText = z.string().min(1).max(16);
export const reason = z
  .string()
  .trim()
  .min(3, 'a reason of at least 3 characters is required')
  .max(300);
export const minorAmount = z.int().nonnegative().max(100_000_000);
export const empty = z.object({}).strict();
/**
 * The client's id for one money request (a UUID suits). Retrying with the same key returns the
 * first result and never charges again; each new attempt at a payment takes a new key.
 */
export const idempotencyKey = z
  .string()
  .min(16)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'invalid idempotency key');
