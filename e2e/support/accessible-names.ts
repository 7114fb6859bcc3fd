import type { Page } from '@playwright/test';

/**
 * Controls whose accessible name leaves out the words they show (WCAG 2.5.3, label in name): a voice
 * control user says what they see ("click diff") and nothing answers when the name is "Changes of task 2".
 * Each entry is `shown words → name`; empty when every control's name contains its visible words.
 */
export async function labelInNameMismatches(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const CONTROLS =
      'button, a[href], input, select, textarea, [role=button], [role=link], [role=tab], [role=option], [role=checkbox], [role=menuitem], [role=note]';
    const words = (s: string) =>
      s
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim()
        .toLowerCase();
    /** The pieces of text a sighted person reads on the control (decorative, aria-hidden parts left out), or on its <label>. */
    const shown = (el: Element): string[] => {
      const field =
        el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement;
      const roots: Node[] = field ? [...(el.labels ?? [])] : [el];
      const pieces: string[] = [];
      const walk = (node: Node) => {
        if (
          node instanceof Element &&
          (node.getAttribute('aria-hidden') === 'true' ||
            (field && node === el) ||
            node.matches('select, textarea, input'))
        )
          return;
        if (node.nodeType === Node.TEXT_NODE) pieces.push(words(node.textContent ?? ''));
        node.childNodes.forEach(walk);
      };
      roots.forEach(walk);
      return pieces.filter(Boolean);
    };
    const out: string[] = [];
    for (const el of document.querySelectorAll(CONTROLS)) {
      const name = el.getAttribute('aria-label');
      if (name === null) continue;
      // Each piece of visible text (a title, a state, an id) is somewhere in the name; symbols (×, ‹) carry no words.
      const missing = shown(el).filter((piece) => !` ${words(name)} `.includes(` ${piece} `));
      if (missing.length) out.push(`${missing.join(' / ')} → ${name}`);
    }
    return out;
  });
}
