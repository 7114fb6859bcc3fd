/**
 * The renderer's Content-Security-Policy, sent by both shells (Electron's
 * protocol handler and `trellis serve`). No inline or remote script, no eval;
 * inline styles are allowed because Monaco positions its widgets with them.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
