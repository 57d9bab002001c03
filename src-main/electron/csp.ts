/**
 * The renderer's Content-Security-Policy, sent as a response header in addition to the meta tag
 * in src-renderer/index.html. Keep the two identical (a shell test compares them).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
