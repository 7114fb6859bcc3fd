import { z } from 'zod';
import { workbenchEventSchema } from './events';
import { lazy } from './lazy';
import { errorInfoSchema } from './result';

/**
 * The largest WebSocket message `trellis serve` accepts (a prompt of MAX_PROMPT_CHARS fits); a larger one
 * closes that connection with WS_CLOSE.tooLarge. The page checks before sending so a person sees why.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * How a page proves itself on the WebSocket, with no cookie (cookies do not separate ports): it offers the
 * subprotocol WS_PROTOCOL plus one credential, either the one-time link token from the printed URL's
 * fragment or the page-session secret the server gave it in exchange (kept in sessionStorage).
 */
export const WS_PROTOCOL = 'trellis.v1';
export const LINK_CREDENTIAL_PREFIX = 'trellis.link.';
export const SESSION_CREDENTIAL_PREFIX = 'trellis.session.';

/** Close codes the page explains to the person (4000-4999 are the application's own). */
export const WS_CLOSE = {
  /** Not a request envelope, not JSON, or binary. */
  unsupported: 1003,
  /** Larger than MAX_MESSAGE_BYTES. */
  tooLarge: 1009,
  /** The printed link was already exchanged by another tab. */
  linkUsed: 4001,
  /** The page's session is unknown to this server (it was restarted). */
  sessionUnknown: 4002,
  /** No credential, or a wrong one. */
  unauthorised: 4003,
} as const;

/** Envelopes for the WebSocket transport of `trellis serve`. Electron IPC needs none. Built on first use. */
export const wireSchemas = lazy(() => {
  const ClientMessage = z.object({
    type: z.literal('request'),
    id: z.number().int().nonnegative(),
    method: z.string().max(64),
    params: z.unknown(),
  });

  const ServerMessage = z.discriminatedUnion('type', [
    z.object({
      type: z.literal('response'),
      id: z.number().int(),
      result: z.union([
        z.object({ ok: z.literal(true), value: z.unknown() }),
        z.object({ ok: z.literal(false), error: errorInfoSchema() }),
      ]),
    }),
    z.object({ type: z.literal('event'), event: workbenchEventSchema() }),
    /** The first message on a connection: the page-session secret to present when it reconnects or reloads. */
    z.object({ type: z.literal('welcome'), session: z.string().regex(/^[\w-]{20,100}$/) }),
  ]);

  return { ClientMessage, ServerMessage };
});
export type ClientMessage = z.infer<ReturnType<typeof wireSchemas>['ClientMessage']>;
export type ServerMessage = z.infer<ReturnType<typeof wireSchemas>['ServerMessage']>;
