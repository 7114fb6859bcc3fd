import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeRepo } from './support/git-repo';
import { mockedHome, trellis } from './support/exec-harness';

/** Kiro's PreTaskExec hooks around `trellis spec run`'s tasks: real worktrees, the real sandbox, the scripted model. */
const bwrapWorks =
  process.platform === 'linux' && spawnSync('bwrap', ['--unshare-user', '--ro-bind', '/', '/', 'true']).status === 0;
test.skip(!bwrapWorks, 'subagents run sandboxed: needs Linux with a working bubblewrap');

const TASKS = '# Implementation Plan\n- [ ] 1. Write the exporter\n';
/** A Kiro v1 hooks file, as `.kiro/hooks/gate.json`: a PreTaskExec command that refuses every task. */
const GATE = JSON.stringify({
  version: 'v1',
  hooks: [
    {
      name: 'spec-freeze',
      trigger: 'PreTaskExec',
      action: { type: 'command', command: 'echo "the spec is frozen until Monday" >&2; exit 2' },
    },
  ],
});
const work = {
  turns: [
    {
      items: [
        {
          type: 'function_call' as const,
          name: 'exec_command',
          arguments: JSON.stringify({ cmd: 'echo done > "out-$TRELLIS_TASK_ID.txt"' }),
        },
      ],
    },
    { items: [{ type: 'message' as const, text: 'Task done.' }] },
  ],
};

test("a trusted repository's PreTaskExec hook blocks a crew task with its reason; untrusted, it does not run", async () => {
  const untrustedRepo = makeRepo({ '.kiro/specs/csv/tasks.md': TASKS, '.kiro/hooks/gate.json': GATE });
  const first = await mockedHome(work);
  try {
    const run = await trellis(['spec', 'run', 'csv', '--tasks', '1'], { home: first.home, cwd: untrustedRepo }).done;
    expect(run.code, run.stderr).toBe(0);
    expect(fs.existsSync(path.join(untrustedRepo, 'out-1.txt'))).toBe(true);
  } finally {
    await first.model.close();
  }

  const repo = makeRepo({ '.kiro/specs/csv/tasks.md': TASKS, '.kiro/hooks/gate.json': GATE });
  const second = await mockedHome(work);
  try {
    const trust = await trellis(['trust', '--yes'], { home: second.home, cwd: repo }).done;
    expect(trust.code, trust.stderr).toBe(0);
    const run = await trellis(['spec', 'run', 'csv', '--tasks', '1'], { home: second.home, cwd: repo }).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('a PreTaskExec hook blocked the task: the spec is frozen until Monday');
    expect(fs.existsSync(path.join(repo, 'out-1.txt'))).toBe(false);
    expect(second.model.requests).toHaveLength(0);
  } finally {
    await second.model.close();
  }
});
