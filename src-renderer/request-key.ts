/**
 * A new idempotency key for one money request. The station stores it with the payment, so
 * sending the same request again (after a lost answer or a reconnect) returns the first result
 * instead of charging twice. Keep the key for every retry of one attempt.
 */
export function newRequestKey(): string {
  return crypto.randomUUID();
}
