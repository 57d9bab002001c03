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

/** An operator's name as typed at the booth (the operators table matches it without case). */
export const operatorName = z.string().trim().min(1).max(40);
/**
 * A PIN as typed to sign in, unlock or approve: 4 digits are still accepted, because an older
 * database may hold 4-digit PINs; signing in with one forces a change (see newPin).
 */
export const pin = z.string().regex(/^\d{4,12}$/, 'a PIN is 4 to 12 digits');
/** A PIN being set: 6 to 12 digits (the station also refuses 111111 and 123456-like runs). */
export const newPin = z.string().regex(/^\d{6,12}$/, 'a new PIN is 6 to 12 digits');
