import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExpectedFailure } from '../errors/expected-failure';
import { git, tempDir, tempRepo, writeFiles } from '../testing/temp-repo';
import { setUpSpecRun } from './spec-run-setup';

const TASKS = ['# Implementation Plan', '- [ ] 1. One', '- [ ] 2. Two', '  - _Depends: 1_', ''].join('\n');
const CYCLE = [
  '# Implementation Plan',
  '- [ ] 1. One',
  '  - _Depends: 2_',
  '- [ ] 2. Two',
  '  - _Depends: 1_',
  '',
].join('\n');

/** What setUpSpecRun refuses with, or null when it sets the run up. */
async function refusal(specDir: string, noMerge = false): Promise<{ code: string; message: string } | null> {
  return setUpSpecRun({ home: tempDir(), specDir, noMerge }).then(
    () => null,
    (err: unknown) => {
      expect(err).toBeInstanceOf(ExpectedFailure);
      const { code, message } = err as ExpectedFailure;
      return { code, message };
    },
  );
}

describe('setUpSpecRun', () => {
  it('refuses what the person must fix first as expected failures, each with its code and sentence', async () => {
    const noTasks = tempRepo({ '.kiro/specs/s/requirements.md': '# Requirements Document\n' });
    expect(await refusal(path.join(noTasks, '.kiro/specs/s'))).toEqual({
      code: 'not-a-spec',
      message: `${path.join(noTasks, '.kiro/specs/s')} has no tasks.md to run`,
    });

    const cycle = tempRepo({ '.kiro/specs/s/tasks.md': CYCLE });
    expect(await refusal(path.join(cycle, '.kiro/specs/s'))).toEqual({
      code: 'task-graph-errors',
      message: expect.stringMatching(/^the task graph has errors; fix them first:\n.*tasks\.md:\d+: dependency cycle/),
    });

    const outside = tempDir();
    writeFiles(outside, { '.kiro/specs/s/tasks.md': TASKS });
    expect(await refusal(path.join(outside, '.kiro/specs/s'))).toEqual({
      code: 'not-git',
      message: expect.stringContaining('not a git repository'),
    });

    const detached = tempRepo({ '.kiro/specs/s/tasks.md': TASKS });
    git(detached, 'checkout', '-q', '--detach');
    expect(await refusal(path.join(detached, '.kiro/specs/s'))).toEqual({
      code: 'detached-head',
      message: 'HEAD is detached: check out the branch the tasks should merge into, or pass --no-merge',
    });
    expect(await refusal(path.join(detached, '.kiro/specs/s'), true)).toBeNull();
  });
});
