/**
 * The review pane in a real browser, on a turn that changed 2,000 files and 100,000 lines: the
 * built `trellis serve`, the mock model, Debian's Chromium. The turn's checkpoint is taken at its
 * start; the edits are written while the model "thinks"; then the person opens the turn's review.
 * Figures: the file list interactive after the click, the 10,000-line file's diff shown after its
 * click, the renderer's heap, and its growth after opening and closing 100 diffs (models must be
 * disposed), beside `git diff --stat` of the same change.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { mockedHome } from '../e2e/support/exec-harness';
import { startTrellisServer } from '../e2e/support/trellis-server';
import { median, type Benchmark, type BenchResult } from './support/report';
import { BIG, commitBase, FILES, GIT_ENV, REPLACED_PER_FILE } from './support/review-change';
import { timeProcess } from './support/time-process';

const RUNS = 5;
const LIST_GOAL_MS = 500;
const FILE_GOAL_MS = 300;
const HEAP_GOAL_MB = 500;
const DIFFS_OPENED = 100;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const reviewPaneBench: Benchmark = {
  name: `review pane in Chromium: a turn of ${FILES.toLocaleString('en')} files and ${(FILES * REPLACED_PER_FILE * 2).toLocaleString('en')} changed lines`,

  async run(): Promise<BenchResult> {
    if (!fs.existsSync(CHROMIUM))
      return { figures: [], notes: [`skipped: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`] };
    const change = commitBase();
    const { home, model } = await mockedHome({
      turns: [{ items: [{ type: 'message', text: 'Turn finished.' }], delayMs: 1_500 }],
    });
    const server = await startTrellisServer([change.repo], home);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(server.url);
      for (const pane of ['Spec', 'Task graph', 'Subagents'])
        await page.getByRole('button', { name: `Collapse ${pane}` }).click();
      await page.getByLabel('Prompt').fill('Rewrite the generated modules');
      await page.getByRole('button', { name: 'Send' }).click();
      // The checkpoint exists once the turn has begun; the edits land while the model answers.
      await waitFor(
        () =>
          execFileSync('git', ['for-each-ref', 'refs/trellis/checkpoints'], { cwd: change.repo, env: GIT_ENV }).length >
          0,
        20_000,
      );
      change.writeEdits();
      await page.getByText('Turn finished.').waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached', timeout: 60_000 }); // the turn is over: review is enabled

      const stat: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const r = await timeProcess('git', ['diff', '--stat', 'HEAD'], { cwd: change.repo, env: GIT_ENV });
        if (i > 0) stat.push(r.ms);
      }

      const pane = page.getByRole('region', { name: 'Review changes' });
      const list: number[] = [];
      const bigFile: number[] = [];
      const hunksOnly: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        // From the pane's empty state each time.
        if (i > 0) await pane.getByRole('button', { name: 'Close review' }).click();
        await pane.getByRole('button', { name: "Review the last turn's changes" }).waitFor();
        const listMs = await clickUntil(page, { button: "Review the last turn's changes" }, { option: true });
        // The list's line counts come in a second, slower answer (git over 2,000 files); a file opened while it
        // runs shares the CPU with it. The file figure is taken once the list is complete.
        await pane
          .getByRole('option', { name: new RegExp(`^${BIG},`) })
          .getByText(/^\+\d+$/)
          .waitFor({ timeout: 30_000 });
        // Another file first, so opening the big one is a fresh load.
        await pane.getByRole('option').nth(1).click();
        await pane.getByRole('list', { name: /^Hunks of src\// }).waitFor();
        const fileMs = await clickUntil(page, { option: BIG }, { diffOf: BIG });
        await pane.getByRole('option').nth(1).click();
        await pane.getByRole('list', { name: /^Hunks of src\// }).waitFor();
        hunksOnly.push(await clickUntil(page, { option: BIG }, { diffOf: BIG, hunksOnly: true }));
        if (i > 0) {
          list.push(listMs);
          bigFile.push(fileMs);
        }
      }

      const heapBefore = await heapMb(page);
      for (let i = 0; i < DIFFS_OPENED; i++) {
        const option = pane.getByRole('option').nth(1 + (i % 20));
        await option.click();
        await pane.getByRole('list', { name: /^Hunks of / }).waitFor();
      }
      const heapAfter = await heapMb(page);
      const base = median(stat);
      return {
        figures: [
          { label: 'git diff --stat HEAD (baseline)', ms: base, runs: stat, goal: '' },
          {
            label: 'file list interactive after the click',
            ms: median(list),
            runs: list,
            goal: `< ${LIST_GOAL_MS} ms`,
            ratio: median(list) / base,
            pass: median(list) < LIST_GOAL_MS,
          },
          {
            label: `diff of the 10,000-line file shown`,
            ms: median(bigFile),
            runs: bigFile,
            goal: `< ${FILE_GOAL_MS} ms`,
            ratio: median(bigFile) / base,
            pass: median(bigFile) < FILE_GOAL_MS,
          },
          { label: `  of which its hunk list shown`, ms: median(hunksOnly), runs: hunksOnly, goal: '' },
          {
            label: 'renderer JS heap after the review (after GC)',
            ms: heapBefore,
            unit: 'MB',
            runs: [heapBefore],
            goal: `< ${HEAP_GOAL_MB} MB`,
            pass: heapBefore < HEAP_GOAL_MB,
          },
          {
            label: `heap growth after opening ${DIFFS_OPENED} more diffs`,
            ms: heapAfter - heapBefore,
            unit: 'MB',
            runs: [heapAfter],
            goal: 'flat',
            pass: heapAfter - heapBefore < 20,
          },
        ],
        notes: [
          'Times are taken in the page, from the click to the frame that shows the result (list: the first file row; diff: the hunk list and the Monaco diff editor with lines and its insert/delete decorations drawn), so they include the request to Node, git, the diff and rendering.',
          'The file is opened once the list is complete (its line counts come from a second git run over all 2,000 files); opened while that runs, it shares the CPU with it and takes about 1.5x as long.',
          `Heap: Chromium's used JS heap after a forced GC (CDP), once after the timed runs and again after ${DIFFS_OPENED} more diffs were opened and closed.`,
        ],
      };
    } catch (err) {
      const pages = browser.contexts().flatMap((c) => c.pages());
      if (pages[0]) await pages[0].screenshot({ path: 'e2e/screenshots/review-pane-bench-failure.png' });
      throw err;
    } finally {
      await browser.close();
      await server.stop();
      await model.close();
      fs.rmSync(change.repo, { recursive: true, force: true });
    }
  },
};

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting for the turn checkpoint');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Click inside the page and time, in the page, until what the person waits for is on screen: a file
 * row, or a file's hunk list plus its diff editor showing lines. Timed in the page so Playwright's
 * own round trips and actionability checks are not counted.
 */
async function clickUntil(
  page: Page,
  target: { button?: string; option?: string },
  until: { option?: true; diffOf?: string; hunksOnly?: boolean },
): Promise<number> {
  // A string, not a function: tsx's helpers (__name) do not exist inside the page.
  return page.evaluate(
    `(${IN_PAGE_CLICK_UNTIL})(${JSON.stringify(target)}, ${JSON.stringify(until)})`,
  ) as Promise<number>;
}

const IN_PAGE_CLICK_UNTIL = `(target, until) => new Promise((resolve, reject) => {
  const region = document.querySelector('[aria-label="Review changes"]');
  const el = target.button
    ? [...region.querySelectorAll('button')].find((b) => b.textContent.trim() === target.button)
    : [...region.querySelectorAll('[role="option"]')].find((o) => (o.getAttribute('aria-label') || '').startsWith(target.option + ','));
  if (!el || el.disabled) return reject(new Error('nothing enabled to click for ' + JSON.stringify(target)));
  const done = () => {
    if (until.option) return !!region.querySelector('[role="option"]');
    const list = region.querySelector('[role="list"][aria-label="Hunks of ' + until.diffOf + '"] [role="listitem"]');
    const editor = region.querySelector('[data-testid="review-diff-editor"][data-path="' + until.diffOf + '"] .monaco-diff-editor');
    if (until.hunksOnly) return !!list;
    // Lines on screen and the diff computed and drawn (Monaco's insert/delete decorations), not just the text.
    return !!list && !!editor && editor.querySelectorAll('.view-line').length > 10 && !!editor.querySelector('.line-insert, .line-delete, .char-insert, .char-delete');
  };
  const started = performance.now();
  el.click();
  const tick = () => done() ? resolve(performance.now() - started) : performance.now() - started > 30000 ? reject(new Error('not shown in 30 s')) : requestAnimationFrame(tick);
  requestAnimationFrame(tick);
})`;

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1024 / 1024;
}
