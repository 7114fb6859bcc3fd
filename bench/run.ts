/**
 * `npm run bench`: runs every benchmark and prints its figures against their goals.
 * `npm run bench -- startup exec`: only the benchmarks named (the keys below).
 * A missed goal never fails the run (timings on a shared machine are noisy); an error does.
 */
import { applyPatchBench } from './apply-patch.bench';
import { compactionBench } from './compaction.bench';
import { crewBench } from './crew.bench';
import { execBench } from './exec.bench';
import { hooksBench } from './hooks.bench';
import { mcpBench } from './mcp.bench';
import { resumeSessionBench } from './resume-session.bench';
import { reviewBench } from './review.bench';
import { reviewPaneBench } from './review-pane.bench';
import { openRepository } from './open-repository.bench';
import { sandboxBench } from './sandbox.bench';
import { specBench } from './spec.bench';
import { specGraphBench } from './spec-graph.bench';
import { startupBench } from './startup.bench';
import { printResult, type Benchmark } from './support/report';

const BENCHMARKS: Record<string, Benchmark> = {
  'open-repository': openRepository,
  'apply-patch': applyPatchBench,
  exec: execBench,
  'resume-session': resumeSessionBench,
  sandbox: sandboxBench,
  review: reviewBench,
  'review-pane': reviewPaneBench,
  spec: specBench,
  'spec-graph': specGraphBench,
  crew: crewBench,
  startup: startupBench,
  mcp: mcpBench,
  hooks: hooksBench,
  compaction: compactionBench,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((key) => !(key in BENCHMARKS));
if (unknown.length) {
  console.error(
    `bench: no benchmark named ${unknown.join(', ')}; the names are ${Object.keys(BENCHMARKS).join(', ')}.`,
  );
  process.exit(2);
}

for (const [key, bench] of Object.entries(BENCHMARKS)) {
  if (wanted.length && !wanted.includes(key)) continue;
  try {
    printResult(bench.name, await bench.run());
  } catch (err) {
    console.error(`\n${bench.name}: failed\n${(err as Error).stack ?? err}`);
    process.exitCode = 1;
  }
}
