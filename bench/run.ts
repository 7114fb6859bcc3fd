/**
 * `npm run bench`: runs every benchmark and prints its figures against their goals.
 * A missed goal never fails the run (timings on a shared machine are noisy); an error does.
 */
import { applyPatchBench } from './apply-patch.bench';
import { crewBench } from './crew.bench';
import { execBench } from './exec.bench';
import { resumeSessionBench } from './resume-session.bench';
import { reviewBench } from './review.bench';
import { reviewPaneBench } from './review-pane.bench';
import { openRepository } from './open-repository.bench';
import { sandboxBench } from './sandbox.bench';
import { specBench } from './spec.bench';
import { specGraphBench } from './spec-graph.bench';
import { printResult, type Benchmark } from './support/report';

const BENCHMARKS: Benchmark[] = [openRepository, applyPatchBench, execBench, resumeSessionBench, sandboxBench, reviewBench, reviewPaneBench, specBench, specGraphBench, crewBench];

for (const bench of BENCHMARKS) {
  try {
    printResult(bench.name, await bench.run());
  } catch (err) {
    console.error(`\n${bench.name}: failed\n${(err as Error).stack ?? err}`);
    process.exitCode = 1;
  }
}
