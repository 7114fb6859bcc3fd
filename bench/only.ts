/** `tsx bench/only.ts NAME...`: run some benchmarks by their export name, e.g. execBench. */
import * as applyPatch from './apply-patch.bench';
import * as compaction from './compaction.bench';
import * as crew from './crew.bench';
import * as exec from './exec.bench';
import * as hooks from './hooks.bench';
import * as mcp from './mcp.bench';
import * as openRepo from './open-repository.bench';
import * as resume from './resume-session.bench';
import * as review from './review.bench';
import * as reviewPane from './review-pane.bench';
import * as sandbox from './sandbox.bench';
import * as spec from './spec.bench';
import * as specGraph from './spec-graph.bench';
import * as startup from './startup.bench';
import { printResult, type Benchmark } from './support/report';

const all: Record<string, Benchmark> = {
  ...applyPatch,
  ...compaction,
  ...crew,
  ...exec,
  ...hooks,
  ...mcp,
  ...openRepo,
  ...resume,
  ...review,
  ...reviewPane,
  ...sandbox,
  ...spec,
  ...specGraph,
  ...startup,
} as Record<string, Benchmark>;
for (const name of process.argv.slice(2)) {
  const bench = all[name];
  if (!bench) throw new Error(`no benchmark ${name}; known: ${Object.keys(all).join(', ')}`);
  printResult(bench.name, await bench.run());
}
