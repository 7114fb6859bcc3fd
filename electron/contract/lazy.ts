/**
 * Build a value on first use and keep it. Schemas are built this way: building every zod schema at load cost a
 * command's start-up tens of milliseconds, and most commands use few of them (`trellis exec` none of the requests).
 */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
