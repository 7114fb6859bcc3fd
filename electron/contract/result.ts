import { z } from 'zod';
import { lazy } from './lazy';

/** Expected failures travel as data; exceptions are for bugs. */
export interface ErrorInfo {
  code: string;
  message: string;
}

export const errorInfoSchema = lazy(
  () => z.object({ code: z.string(), message: z.string() }) satisfies z.ZodType<ErrorInfo>,
);

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: errorInfoSchema() }),
  ]);
}
