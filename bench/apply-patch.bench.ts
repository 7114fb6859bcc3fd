import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { applyPatch } from '../electron/core/apply-patch';
import { median, type Benchmark, type BenchResult } from './support/report';

const TARGET_BYTES = 1024 * 1024;
const HUNKS = 500;
const CONTEXT = 3;
const RUNS = 11;
const GOAL_MS = 100;
const FILE = 'big.ts';

/** mulberry32, so every run of the benchmark patches the same file the same way. */
function random(seed: number) {
  let a = seed >>> 0;
  return (max: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % max;
  };
}

interface Edit {
  at: number;
  remove: number;
  add: string[];
}

/** A ~1 MB source file, 500 edits spread over it, and the same edits as a Codex patch and as a unified diff. */
function generate() {
  const rand = random(20260425);
  const shapes = [
    (i: number) => `  const value${i} = compute(${rand(1000)}, "${rand(1e6).toString(36)}");`,
    (i: number) => `  if (state${i}.ready && count > ${rand(500)}) return handle${i}(state${i});`,
    (i: number) => `// step ${i}: ${rand(1e9).toString(36)} keeps the ${rand(2) ? 'cache' : 'index'} warm`,
    (i: number) => `export function fn${i}(input: number): number { return input * ${rand(97)}; }`,
    () => '}',
  ];
  const lines: string[] = [];
  for (let size = 0, i = 0; size < TARGET_BYTES; i++) {
    const line = shapes[rand(shapes.length)](i);
    lines.push(line);
    size += line.length + 1;
  }
  const spacing = Math.floor(lines.length / HUNKS);
  const edits: Edit[] = Array.from({ length: HUNKS }, (_, h) => {
    const at = h * spacing + CONTEXT + rand(spacing - 2 * CONTEXT - 4);
    const kind = rand(4); // replace, replace, insert, delete
    const remove = kind === 2 ? 0 : 1 + rand(3);
    const add =
      kind === 3 ? [] : Array.from({ length: 1 + rand(3) }, (_, k) => `  const edited${h}_${k} = ${rand(1e6)};`);
    return { at, remove, add };
  });

  const codex = ['*** Begin Patch', `*** Update File: ${FILE}`];
  const unified = [`diff --git a/${FILE} b/${FILE}`, `--- a/${FILE}`, `+++ b/${FILE}`];
  const expected: string[] = [];
  let next = 0;
  let shift = 0;
  for (const { at, remove, add } of edits) {
    const before = lines.slice(at - CONTEXT, at);
    const removed = lines.slice(at, at + remove);
    const after = lines.slice(at + remove, at + remove + CONTEXT);
    const body = [
      ...before.map((l) => ` ${l}`),
      ...removed.map((l) => `-${l}`),
      ...add.map((l) => `+${l}`),
      ...after.map((l) => ` ${l}`),
    ];
    codex.push('@@', ...body);
    const oldLength = before.length + remove + after.length;
    const newLength = before.length + add.length + after.length;
    const oldStart = at - CONTEXT + 1;
    unified.push(`@@ -${oldStart},${oldLength} +${oldStart + shift},${newLength} @@`, ...body);
    shift += add.length - remove;
    expected.push(...lines.slice(next, at), ...add);
    next = at + remove;
  }
  expected.push(...lines.slice(next));
  codex.push('*** End Patch');
  return {
    original: lines.join('\n') + '\n',
    expected: expected.join('\n') + '\n',
    codexPatch: codex.join('\n') + '\n',
    unifiedDiff: unified.join('\n') + '\n',
  };
}

/** Median wall time of `run`, with the file put back (untimed) before each run and checked after it. */
async function timeRuns(
  dir: string,
  original: string,
  expected: string,
  run: () => Promise<void> | void,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    await fs.writeFile(path.join(dir, FILE), original);
    const started = performance.now();
    await run();
    const elapsed = performance.now() - started;
    if ((await fs.readFile(path.join(dir, FILE), 'utf8')) !== expected)
      throw new Error('The patched file is not what the edits should give.');
    if (i > 0) times.push(elapsed); // the first run warms caches and the JIT; it is not counted
  }
  return times;
}

export const applyPatchBench: Benchmark = {
  name: `apply_patch of ${HUNKS} hunks across a 1 MB file`,

  async run(): Promise<BenchResult> {
    const { original, expected, codexPatch, unifiedDiff } = generate();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trellis-bench-patch-'));
    try {
      const diffFile = path.join(dir, '..', `${path.basename(dir)}.diff`);
      await fs.writeFile(diffFile, unifiedDiff);
      const gitRuns = await timeRuns(dir, original, expected, () => {
        const result = spawnSync('git', ['apply', diffFile], { cwd: dir });
        if (result.status !== 0) throw new Error(`git apply failed: ${result.stderr}`);
      });
      const trellisRuns = await timeRuns(dir, original, expected, async () => {
        const result = await applyPatch(codexPatch, { cwd: dir });
        if (!result.ok) throw new Error(`applyPatch failed: ${result.error}`);
      });
      const cliRuns = await timeRuns(dir, original, expected, () => {
        const result = spawnSync(process.execPath, [path.resolve('bin/trellis.js'), 'apply-patch', '-C', dir], {
          input: codexPatch,
        });
        if (result.status !== 0) throw new Error(`trellis apply-patch failed: ${result.stderr}`);
      });
      await fs.rm(diffFile, { force: true });

      const gitMs = median(gitRuns);
      const trellisMs = median(trellisRuns);
      const cliMs = median(cliRuns);
      return {
        figures: [
          { label: 'git apply of the same edits (baseline)', ms: gitMs, runs: gitRuns, goal: '' },
          {
            label: 'Trellis applyPatch, in process',
            ms: trellisMs,
            runs: trellisRuns,
            goal: `< ${GOAL_MS} ms`,
            ratio: trellisMs / gitMs,
            pass: trellisMs < GOAL_MS,
          },
          {
            label: 'trellis apply-patch CLI, Node start-up included',
            ms: cliMs,
            runs: cliRuns,
            goal: '',
            ratio: cliMs / gitMs,
          },
        ],
        notes: [
          `File: ${(Buffer.byteLength(original) / 2 ** 20).toFixed(2)} MB, ${original.split('\n').length - 1} lines; ` +
            `patch: ${HUNKS} chunks with ${CONTEXT} lines of context (${(codexPatch.length / 1024).toFixed(0)} KB). ` +
            `Medians of ${RUNS} runs after one uncounted warm-up; the file is rewritten, untimed, before every run and checked after it.`,
          'git apply is a separate process, so its figure includes process start-up; the in-process figure includes ' +
            'parsing, reading, matching, writing a temporary file and renaming it into place.',
        ],
      };
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  },
};
