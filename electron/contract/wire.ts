import { z } from 'zod';
import { ErrorInfoSchema } from './result';
import { WorkbenchEventSchema } from './events';

/** Envelopes for the WebSocket transport of `trellis serve`. Electron IPC needs none. */
export const ClientMessageSchema = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  params: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('response'),
    id: z.number().int(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: ErrorInfoSchema }),
    ]),
  }),
  z.object({ type: z.literal('event'), event: WorkbenchEventSchema }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
