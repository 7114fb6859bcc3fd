import { chromium, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { CHROMIUM_ARGS } from '../playwright.config';
import { startTrellisServer } from '../e2e/support/trellis-server';
import { ensureRepo, LARGE_REPO } from './support/generate-repo';
import { median, type Benchmark, type BenchResult } from './support/report';

const GIT_RUNS = 7;
const TRELLIS_RUNS = 5;
const TIMEOUT_MS = 60_000;
const STATUS_GOAL_RATIO = 1.5;
const TREE_GOAL_MS = 300;

/** Wall time of `git status --porcelain`, spawned from Node as Trellis spawns it. */
function timeGitStatus(repo: string): number {
  const started = performance.now();
  // GIT_OPTIONAL_LOCKS=0 as in Trellis: git then never rewrites the index, so both see the same repository.
  const result = spawnSync('git', ['status', '--porcelain'], { cwd: repo, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`git status failed: ${result.stderr}`);
  return elapsed;
}

/**
 * Open the folder through the welcome page's form and time, in the page, from the click until the
 * first tree row and the first changed file are in the DOM. A MutationObserver stamps the times, so
 * Playwright's polling latency is not part of the figures.
 */
async function timeOpen(page: Page, repo: string): Promise<{ tree: number; status: number }> {
  await page.getByLabel('Folder path').fill(repo);
  // tsx compiles with keepNames, which wraps named local functions in a `__name` helper the page
  // does not have: the callback below therefore uses only inline anonymous functions.
  return page.evaluate(
    (timeoutMs) =>
      new Promise<{ tree: number; status: number }>((resolve, reject) => {
        const seen: { tree?: number; status?: number } = {};
        let start = 0;
        const observer = new MutationObserver(() => {
          const now = performance.now();
          if (seen.tree === undefined && document.querySelector('[role="tree"][aria-label="File tree"] [role="treeitem"]')) seen.tree = now - start;
          if (seen.status === undefined && document.querySelector('[role="list"][aria-label="Changed files"] [role="listitem"]')) seen.status = now - start;
          if (seen.tree !== undefined && seen.status !== undefined) {
            observer.disconnect();
            clearTimeout(timer);
            resolve({ tree: seen.tree, status: seen.status });
          }
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`After ${timeoutMs} ms: tree ${seen.tree === undefined ? 'not shown' : 'shown'}, status ${seen.status === undefined ? 'not shown' : 'shown'}.`));
        }, timeoutMs);
        observer.observe(document.body, { childList: true, subtree: true });
        const open = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Open');
        if (!open || open.disabled) return reject(new Error('The Open button is missing or disabled.'));
        start = performance.now();
        open.click();
      }),
    TIMEOUT_MS,
  );
}

async function closeFolder(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Close folder' }).click();
  await page.getByText('Drop a repository here').waitFor();
  // Let the previous open's leftovers (watcher teardown, GC) settle so runs do not overlap.
  await page.waitForTimeout(500);
}

export const openRepository: Benchmark = {
  name: `Open a repository of ${(LARGE_REPO.folders * LARGE_REPO.filesPerFolder).toLocaleString('en')} files in ${LARGE_REPO.folders.toLocaleString('en')} folders`,

  async run(): Promise<BenchResult> {
    const repo = ensureRepo(LARGE_REPO);

    timeGitStatus(repo); // warm-up: the page cache and git's own start-up
    const gitRuns = Array.from({ length: GIT_RUNS }, () => timeGitStatus(repo));
    const gitMs = median(gitRuns);

    const server = await startTrellisServer();
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const cdp = await page.context().newCDPSession(page);
      // After a full GC, so the figure is what the page keeps, not garbage waiting to be collected.
      const heapMb = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
      };
      await page.goto(server.url);
      await page.getByText('Drop a repository here').waitFor({ timeout: TIMEOUT_MS });
      const welcomeHeap = await heapMb();

      // The first open also pays for code loading and JIT warm-up; it is reported, not counted.
      const first = await timeOpen(page, repo);
      const runs: { tree: number; status: number }[] = [];
      let openHeap = 0;
      for (let i = 0; i < TRELLIS_RUNS; i++) {
        await closeFolder(page);
        runs.push(await timeOpen(page, repo));
        if (i === TRELLIS_RUNS - 1) openHeap = await heapMb();
      }

      const tree = runs.map((r) => r.tree);
      const status = runs.map((r) => r.status);
      const treeMs = median(tree);
      const statusMs = median(status);
      return {
        figures: [
          { label: 'git status --porcelain (baseline)', ms: gitMs, runs: gitRuns, goal: '' },
          { label: 'Trellis: file tree shown', ms: treeMs, runs: tree, goal: `< ${TREE_GOAL_MS} ms`, ratio: treeMs / gitMs, pass: treeMs < TREE_GOAL_MS },
          {
            label: 'Trellis: git status shown',
            ms: statusMs,
            runs: status,
            goal: `<= ${STATUS_GOAL_RATIO}x git`,
            ratio: statusMs / gitMs,
            pass: statusMs <= STATUS_GOAL_RATIO * gitMs,
          },
        ],
        notes: [
          `Ratio: the figure's median over git's median. Medians of ${TRELLIS_RUNS} opens after one uncounted first open ` +
            `(tree ${first.tree.toFixed(0)} ms, status ${first.status.toFixed(0)} ms) and of ${GIT_RUNS} git runs after one warm-up.`,
          `Renderer JS heap after a full GC: ${openHeap.toFixed(1)} MB with the repository open (${welcomeHeap.toFixed(1)} MB on the welcome page).`,
          `Repository: ${repo}`,
        ],
      };
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};
