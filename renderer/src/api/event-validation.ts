import { workbenchEventSchema, type WorkbenchEvent } from '../../../electron/contract';

/** Events are validated on arrival here too: a malformed one is dropped and reported, never half-applied. */
export function parseEvent(raw: unknown): WorkbenchEvent | null {
  const parsed = workbenchEventSchema().safeParse(raw);
  if (!parsed.success) {
    console.warn('trellis: dropped a malformed event', parsed.error.issues[0]);
    return null;
  }
  return parsed.data;
}
