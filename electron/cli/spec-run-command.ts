import { trellisHome } from '../core/config/trellis-home';
import type { CrewEvent } from '../core/crew/scheduler';
import type { CrewMergeEvent } from '../core/crew/run-spec';
import { describeFlagged } from '../core/crew/large-files';
import { ExpectedFailure } from '../core/errors/expected-failure';
import { SandboxUnavailableError } from '../core/sandbox/sandbox-unavailable-error';

export interface SpecRunOptions {
  tasks?: string;
  maxParallel?: number;
  includeOptional?: boolean;
  merge?: boolean;
  allowLargeFiles?: boolean;
  json?: boolean;
  profile?: string;
  config?: string[];
}

/**
 * `trellis spec run SPEC_DIR`: the spec's tasks as parallel subagents in git worktrees. Exit 0 when every
 * selected task is done (and merged, unless --no-merge), 1 with a line per failed task otherwise, 2 for usage
 * or config errors, 130 when interrupted.
 */
export async function specRunCommand(specDir: string, options: SpecRunOptions): Promise<number> {
  const controller = new AbortController();
  const interrupt = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  const progress = (event: CrewEvent | CrewMergeEvent) => {
    if (options.json) return void process.stdout.write(`${JSON.stringify(event)}\n`);
    const line =
      event.type === 'task.started'
        ? `started ${event.taskId}`
        : event.type === 'task.finished'
          ? event.ran
            ? `finished ${event.taskId} (${(event.ms / 1000).toFixed(1)} s)`
            : ''
          : event.type === 'task.failed'
            ? `failed ${event.taskId}: ${event.error}`
            : event.type === 'task.blocked'
              ? `blocked ${event.taskId}: waits for ${event.blockedBy.join(', ')}`
              : event.type === 'task.merged'
                ? `merged ${event.taskId} (${event.branch})`
                : event.type === 'task.merge-failed'
                  ? `could not merge ${event.taskId}: ${event.error}`
                  : '';
    if (line) process.stderr.write(`trellis spec run: ${line}\n`);
    if (event.type === 'task.flagged') {
      const verdict = event.held
        ? 'not merged without --allow-large-files'
        : options.allowLargeFiles
          ? 'merged anyway (--allow-large-files)'
          : 'review it before merging';
      for (const file of event.files)
        process.stderr.write(
          `trellis spec run: ${event.taskId}: LARGE OR BINARY FILE ${describeFlagged(file, event.maxBytes)} (${verdict})\n`,
        );
    }
  };
  try {
    const { runSpec } = await import('../core/crew/run-spec');
    const result = await runSpec({
      home: trellisHome(),
      specDir,
      tasks: options.tasks
        ?.split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      maxParallel: options.maxParallel,
      includeOptional: options.includeOptional,
      noMerge: options.merge === false,
      allowLargeFiles: options.allowLargeFiles,
      profile: options.profile,
      overrides: options.config,
      signal: controller.signal,
      onEvent: progress,
      onWarning: (...lines) => lines.forEach((line) => process.stderr.write(`trellis spec run: ${line}\n`)),
    });
    if (controller.signal.aborted) return 130;
    for (const line of result.failures) process.stderr.write(`trellis spec run: ${line}\n`);
    return result.summary.ok && !result.failures.length ? 0 : 1;
  } catch (err) {
    if (err instanceof SandboxUnavailableError) return usage(`cannot sandbox the subagents: ${err.message}`);
    // A config mistake, a spec without tasks, a broken task graph, a detached HEAD, a folder outside git.
    if (err instanceof ExpectedFailure) return usage(err.message);
    throw err;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

function usage(message: string): number {
  process.stderr.write(`trellis spec run: ${message}\n`);
  return 2;
}
