import type { z } from 'zod';

/** A request's params, and the value of its successful result. */
export interface RequestSpec {
  params: z.ZodType;
  value: z.ZodType;
}

/** A domain's requests, one per method name of the domain. */
export type RequestTable<Method extends string> = { readonly [M in Method]: RequestSpec };

/** True when a table's keys are exactly the method names: no name without a request, no request without a name. */
export type HasExactly<Table, Method extends string> = [Exclude<keyof Table, Method>] extends [never]
  ? [Exclude<Method, keyof Table>] extends [never]
    ? true
    : false
  : false;

/** Compiles only when given `true`: turns a type-level check into a compile error. */
export type Check<T extends true> = T;
