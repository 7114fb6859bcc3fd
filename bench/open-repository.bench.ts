import { chromium, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import { CHROMIUM_ARGS } from '../playwright.config';
import { startTrellisServer, type TrellisServer } from '../e2e/support/trellis-server';
import { ensureRepo, LARGE_REPO } from './support/generate-repo';
import { waitUntilQuiet } from './support/process-quiet';
import { median, type Benchmark, type BenchResult } from './support/report';

const ROUNDS = 7;
const TIMEOUT_MS = 60_000;
const STATUS_GOAL_RATIO = 1.5;
const TREE_GOAL_MS = 300;

/** Wall time of `git status --porcelain`, spawned from Node as Trellis spawns it. */
function timeGitStatus(repo: string): number {
  const started = performance.now();
  // GIT_OPTIONAL_LOCKS=0 as in Trellis: git then never rewrites the index, so both see the same repository.
  const result = spawnSync('git', ['status', '--porcelain'], {
    cwd: repo,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
  });
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
          if (
            seen.tree === undefined &&
            document.querySelector('[role="tree"][aria-label="File tree"] [role="treeitem"]')
          )
            seen.tree = now - start;
          if (
            seen.status === undefined &&
            document.querySelector('[role="list"][aria-label="Changed files"] [role="listitem"]')
          )
            seen.status = now - start;
          if (seen.tree !== undefined && seen.status !== undefined) {
            observer.disconnect();
            clearTimeout(timer);
            resolve({ tree: seen.tree, status: seen.status });
          }
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(
            new Error(
              `After ${timeoutMs} ms: tree ${seen.tree === undefined ? 'not shown' : 'shown'}, status ${seen.status === undefined ? 'not shown' : 'shown'}.`,
            ),
          );
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

/**
 * Close the folder between runs. The server is first let finish what the open started in the
 * background (the watcher's initial crawl): closing during it leaks the watcher, and runs would overlap.
 */
async function closeFolder(page: Page, server: TrellisServer): Promise<void> {
  await waitUntilQuiet(server.process.pid!);
  await page.getByRole('button', { name: 'Close folder' }).click();
  await page.getByText('Drop a repository here').waitFor();
  await waitUntilQuiet(server.process.pid!);
}

/** SIGTERM, then SIGKILL: a server that will not exit must not hang the benchmark. */
async function stopServer(server: TrellisServer): Promise<void> {
  const exited = await Promise.race([
    server.stop().then(() => true),
    new Promise<boolean>((r) => setTimeout(r, 10_000, false)),
  ]);
  if (!exited) {
    console.warn('warning: trellis serve did not exit within 10 s of SIGTERM; killed it.');
    server.process.kill('SIGKILL');
  }
  await fs.rm(server.home, { recursive: true, force: true });
}

export const openRepository: Benchmark = {
  name: `Open a repository of ${(LARGE_REPO.folders * LARGE_REPO.filesPerFolder).toLocaleString('en')} files in ${LARGE_REPO.folders.toLocaleString('en')} folders`,

  async run(): Promise<BenchResult> {
    const repo = ensureRepo(LARGE_REPO);
    const server = await startTrellisServer();
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      page.setDefaultTimeout(TIMEOUT_MS); // outside the test runner, Playwright would otherwise wait forever
      const cdp = await page.context().newCDPSession(page);
      // After a full GC, so the figure is what the page keeps, not garbage waiting to be collected.
      const heapMb = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
      };
      await page.goto(server.url);
      await page.getByText('Drop a repository here').waitFor();
      await waitUntilQuiet(server.process.pid!);
      const welcomeHeap = await heapMb();

      // Warm-ups, not counted: the page cache and git's start-up; Trellis's code loading and JIT (noted below).
      timeGitStatus(repo);
      const first = await timeOpen(page, repo);
      // Rounds interleave git and Trellis so that both see the same load on a shared, noisy machine.
      const gitRuns: number[] = [];
      const tree: number[] = [];
      const status: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        await closeFolder(page, server);
        gitRuns.push(timeGitStatus(repo));
        const run = await timeOpen(page, repo);
        tree.push(run.tree);
        status.push(run.status);
      }
      await waitUntilQuiet(server.process.pid!); // the last open's watcher crawl too (see closeFolder)
      const openHeap = await heapMb();

      const [gitMs, treeMs, statusMs] = [median(gitRuns), median(tree), median(status)];
      return {
        figures: [
          { label: 'git status --porcelain (baseline)', ms: gitMs, runs: gitRuns, goal: '' },
          {
            label: 'Trellis: file tree shown',
            ms: treeMs,
            runs: tree,
            goal: `< ${TREE_GOAL_MS} ms`,
            ratio: treeMs / gitMs,
            pass: treeMs < TREE_GOAL_MS,
          },
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
          `Medians of ${ROUNDS} rounds (git status, then open the folder in Trellis); ratio = median / git's median. ` +
            `Uncounted first open: tree ${first.tree.toFixed(0)} ms, status ${first.status.toFixed(0)} ms.`,
          `Renderer JS heap after a full GC: ${openHeap.toFixed(1)} MB with the repository open (${welcomeHeap.toFixed(1)} MB on the welcome page).`,
          `Repository: ${repo}`,
        ],
      };
    } finally {
      await browser.close();
      await stopServer(server);
    }
  },
};
