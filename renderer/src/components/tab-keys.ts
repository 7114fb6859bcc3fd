import type { KeyboardEvent } from 'react';

/**
 * Arrow keys, Home and End across a tablist (the WAI-ARIA tabs pattern): choose the next tab and focus it. Each
 * tab's element id is `${prefix}${id}`.
 */
export function moveTab<T extends string>(
  e: KeyboardEvent<HTMLElement>,
  ids: readonly T[],
  active: T,
  choose: (tab: T) => void,
  prefix: string,
): void {
  const at = ids.indexOf(active);
  const moves: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: ids.length - 1 };
  if (!(e.key in moves) || !ids.length) return;
  e.preventDefault();
  const next = ids[(moves[e.key] + ids.length) % ids.length];
  choose(next);
  e.currentTarget.querySelector<HTMLElement>(`#${prefix}${next}`)?.focus();
}
