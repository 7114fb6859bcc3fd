import { isRequestMethod, requestSpec, type RequestMethod, type Result } from '../../contract';
import type { WorkbenchClient } from '../workbench/workbench';

/**
 * Why a successful reply is not what the contract promises for its method, or null when it is: a field missing or
 * of another type, or a field the contract does not name (zod would drop it silently on the way to the renderer).
 */
export function replyProblem(method: RequestMethod, value: unknown): string | null {
  const parsed = requestSpec(method).value.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${method} replied with ${issue.path.join('.') || 'its value'}: ${issue.message}`;
  }
  const extra = unnamedField(value, parsed.data, '');
  return extra === null ? null : `${method} replied with ${extra}, a field its contract does not name`;
}

/** The first field of `sent` that parsing dropped (absent from `kept`), as a dotted path. */
function unnamedField(sent: unknown, kept: unknown, at: string): string | null {
  if (Array.isArray(sent) && Array.isArray(kept)) {
    for (let i = 0; i < sent.length; i++) {
      const found = unnamedField(sent[i], kept[i], `${at}${at ? '.' : ''}${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (!isPlainObject(sent) || !isPlainObject(kept)) return null;
  for (const [key, value] of Object.entries(sent)) {
    const path = `${at}${at ? '.' : ''}${key}`;
    if (!(key in kept)) {
      if (value !== undefined) return path;
      continue;
    }
    const found = unnamedField(value, kept[key], path);
    if (found !== null) return found;
  }
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `dispatch` as the transports call it, checking each successful reply against the contract: a handler that
 * answers with a shape its request does not promise throws here, so the test fails.
 */
export function contractChecked(workbench: {
  dispatch(method: unknown, params: unknown, client: WorkbenchClient): Promise<Result<unknown>>;
}) {
  return async (method: string, params: unknown, client: WorkbenchClient): Promise<Result<unknown>> => {
    const result = await workbench.dispatch(method, params, client);
    if (result.ok && isRequestMethod(method)) {
      const problem = replyProblem(method, result.value);
      if (problem) throw new Error(`Reply breaks the contract: ${problem}.`);
    }
    return result;
  };
}
