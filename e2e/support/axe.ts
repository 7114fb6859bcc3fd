import { expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Result } from 'axe-core';

/**
 * WCAG 2.1 A and AA, what the field (VS Code, GitHub Desktop) audits against, plus axe's best practices:
 * they hold the page's structure (one main landmark, a level-one heading, all content in landmarks).
 * Monaco's own DOM is audited too: nothing is excluded.
 */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** One entry per violated rule: its id, what to fix, and each failing node with why. */
function describe(violations: Result[]): string[] {
  return violations.map((v) => {
    const nodes = v.nodes.map(
      (n) => `${n.target.join(' ')}${n.failureSummary ? `: ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
    );
    return `${v.id} (${v.impact}): ${v.help}\n    ${nodes.join('\n    ')}`;
  });
}

/** Audit what is on screen now with axe-core; `screen` names it in the failure. Soft, so one run reports every screen. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const { violations, incomplete } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  // axe only asks for review of a name on an element whose role cannot carry one when it holds text; screen readers ignore that name, so it counts.
  const unnamed = incomplete.filter((r) => r.id === 'aria-prohibited-attr');
  expect.soft(describe([...violations, ...unnamed]), `accessibility violations on ${screen}`).toEqual([]);
}
