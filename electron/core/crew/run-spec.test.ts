import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer } from '../../../e2e/mock-model';
import { mockConfiguredHome } from '../../../e2e/support/exec-harness';
import type { SessionEvent } from '../../contract';
import { git, tempRepo, writeFiles } from '../testing/temp-repo';
import { runSpec, type TaskReviewRequest, type TaskVerdict } from './run-spec';

// Subagents always run sandboxed (workspace-write): these tests need a working bubblewrap.
const bwrapWorks =
  process.platform === 'linux' && spawnSync('bwrap', ['--unshare-user', '--ro-bind', '/', '/', 'true']).status === 0;

const TASKS = ['# Implementation Plan', '- [ ] 1. One', '- [ ] 2. Two', '  - _Depends: 1_', ''].join('\n');
const WRITE_OUTPUT = {
  turns: [
    {
      items: [
        {
          type: 'function_call' as const,
          name: 'exec_command',
          arguments: JSON.stringify({ cmd: 'echo "$TRELLIS_TASK_ID" > "out-$TRELLIS_TASK_ID.txt"' }),
        },
      ],
    },
    { items: [{ type: 'message' as const, text: 'Task done.' }] },
  ],
};

const servers: MockModelServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function setup() {
  const model = await startMockModel(WRITE_OUTPUT);
  servers.push(model);
  const repo = tempRepo({
    '.kiro/specs/s/requirements.md': '# Requirements Document\n',
    '.kiro/specs/s/tasks.md': TASKS,
  });
  return { repo, model, home: mockConfiguredHome(model.url), specDir: path.join(repo, '.kiro/specs/s') };
}

const tasksMd = (repo: string) => fs.readFileSync(path.join(repo, '.kiro/specs/s/tasks.md'), 'utf8');

describe.skipIf(!bwrapWorks)('runSpec with review (the window)', () => {
  it('under approval_policy = "untrusted", a task patches its worktree (its change is what is reviewed) and merges once approved', async () => {
    const patchTurns = {
      turns: [
        {
          items: [
            {
              type: 'custom_tool_call' as const,
              name: 'apply_patch',
              input: '*** Begin Patch\n*** Add File: patched.txt\n+by the task\n*** End Patch',
            },
          ],
        },
        { items: [{ type: 'message' as const, text: 'Task done.' }] },
      ],
    };
    const model = await startMockModel(patchTurns);
    servers.push(model);
    const repo = tempRepo({
      '.kiro/specs/s/requirements.md': '# Requirements Document\n',
      '.kiro/specs/s/tasks.md': '# Implementation Plan\n- [ ] 1. One\n',
    });
    const home = mockConfiguredHome(model.url, 'approval_policy = "untrusted"\n');
    let seen: string | null = null;
    const result = await runSpec({
      home,
      specDir: path.join(repo, '.kiro/specs/s'),
      review: async ({ record }) => {
        seen = fs.readFileSync(path.join(record.worktree, 'patched.txt'), 'utf8');
        return { action: 'approve' };
      },
    });
    expect(seen).toBe('by the task\n');
    expect(result.merged).toEqual(['1']);
    expect(fs.readFileSync(path.join(repo, 'patched.txt'), 'utf8')).toBe('by the task\n');
  });

  it('merges nothing before approval; approve merges; reject discards the work and returns the task to todo', async () => {
    const { repo, home, specDir } = await setup();
    const asked: string[] = [];
    const result = await runSpec({
      home,
      specDir,
      review: async ({ task, record }: TaskReviewRequest): Promise<TaskVerdict> => {
        asked.push(task.id);
        // The finished work is on the task's branch, not yet in the workspace.
        expect(fs.readFileSync(path.join(record.worktree, `out-${task.id}.txt`), 'utf8')).toBe(`${task.id}\n`);
        expect(fs.existsSync(path.join(repo, `out-${task.id}.txt`))).toBe(false);
        expect(tasksMd(repo)).toContain(`- [-] ${task.id}.`);
        return task.id === '1' ? { action: 'approve' } : { action: 'reject', comment: 'Use French.' };
      },
    });
    expect(asked).toEqual(['1', '2']);
    expect(result.merged).toEqual(['1']);
    expect(fs.readFileSync(path.join(repo, 'out-1.txt'), 'utf8')).toBe('1\n');
    expect(fs.existsSync(path.join(repo, 'out-2.txt'))).toBe(false);
    expect(tasksMd(repo)).toBe(TASKS.replace('- [ ] 1.', '- [x] 1.'));
    expect(result.failures).toEqual(['2: failed: rejected in review: Use French.']);
    // The rejected attempt is gone: no branch, no worktree; the merged one stays for the person to remove.
    expect(git(repo, 'branch', '--list', 'trellis/*', '--format=%(refname:short)').trim()).toBe('trellis/s/1');
  });

  it("asks again after a merge conflict, naming the files, and never touches the person's conflicting work", async () => {
    const { repo, requests, result } = await conflicted(() => ({ action: 'reject', comment: 'redo on top of main' }));
    expect(requests).toHaveLength(2);
    expect(requests[1].mergeFailure).toMatchObject({ reason: 'conflict', conflicts: ['out-1.txt'] });
    expect(fs.readFileSync(path.join(repo, 'out-1.txt'), 'utf8')).toBe('mine\n');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(result.merged).toEqual([]);
  });

  it('tells the next attempt why the last one did not land', async () => {
    const { home, specDir, model } = await setup();
    await runSpec({
      home,
      specDir,
      tasks: ['1'],
      notes: new Map([['1', 'The reviewer rejected it: Use French.']]),
      review: async () => ({ action: 'approve' }),
    });
    expect(model.requests.some((r) => JSON.stringify(r.body).includes('The reviewer rejected it: Use French.'))).toBe(
      true,
    );
  });

  /** Review 1 commits a conflicting out-1.txt on main and approves; the test decides what follows. */
  async function conflicted(then: (request: TaskReviewRequest, n: number) => TaskVerdict) {
    const { repo, home, specDir } = await setup();
    const requests: TaskReviewRequest[] = [];
    const result = await runSpec({
      home,
      specDir,
      tasks: ['1'],
      review: async (request) => {
        requests.push({ ...request, record: { ...request.record } });
        if (requests.length > 1) return then(request, requests.length);
        writeFiles(repo, { 'out-1.txt': 'mine\n' });
        git(repo, 'add', 'out-1.txt');
        git(repo, 'commit', '-qm', 'mine');
        return { action: 'approve' };
      },
    });
    return { repo, requests, result };
  }

  it('hands a conflict to a follow-up subagent in the task worktree, then merges what it resolved', async () => {
    const { repo, requests, result } = await conflicted((_, n) =>
      n === 2 ? { action: 'resolve', by: 'agent' } : { action: 'approve' },
    );
    expect(requests).toHaveLength(3);
    // The follow-up's script rewrites out-1.txt whole, which resolves the conflict; review 3 has no failure left.
    expect(requests[2].mergeFailure).toBeUndefined();
    expect(result.merged).toEqual(['1']);
    expect(fs.readFileSync(path.join(repo, 'out-1.txt'), 'utf8')).toBe('1\n');
    // Both lines of history are kept: the person's commit is an ancestor of the result.
    expect(git(repo, 'log', '--format=%s', 'main')).toContain('mine');
    // The person's checkout moved with the merge; only tasks.md (ticked) differs from it.
    expect(git(repo, 'status', '--porcelain')).toBe(' M .kiro/specs/s/tasks.md\n');
  });

  it('lets the person resolve the markers in the task worktree; approving with markers left is refused', async () => {
    let worktree = '';
    const { repo, requests, result } = await conflicted((request, n) => {
      worktree = request.record.worktree;
      if (n === 2) return { action: 'resolve', by: 'person' };
      if (n === 3) return { action: 'approve' }; // markers still there
      fs.writeFileSync(path.join(worktree, 'out-1.txt'), 'mine\n1\n');
      return { action: 'approve' };
    });
    expect(requests[2].mergeFailure).toMatchObject({ reason: 'conflict', conflicts: ['out-1.txt'] });
    expect(requests[3].mergeFailure?.error).toMatch(/conflict markers are left in out-1.txt/);
    expect(result.merged).toEqual(['1']);
    expect(fs.readFileSync(path.join(repo, 'out-1.txt'), 'utf8')).toBe('mine\n1\n');
    // The task is reviewed against the branch it now contains: only its own line differs.
    expect(requests[3].record.base).toBe(git(repo, 'rev-parse', 'main^2').trim());
  });

  it('stops a subagent that outlives [agents] job_max_runtime_seconds: its task fails, its dependants wait', async () => {
    const model = await startMockModel({ turns: [{ items: [{ type: 'message', text: 'Still thinking…' }] }] });
    servers.push(model);
    model.hold(); // the model never answers: only the runtime limit (time is its subject) can end the task
    const repo = tempRepo({
      '.kiro/specs/s/requirements.md': '# Requirements Document\n',
      '.kiro/specs/s/tasks.md': TASKS,
    });
    const home = mockConfiguredHome(model.url, '[agents]\njob_max_runtime_seconds = 1\n');
    const result = await runSpec({
      home,
      specDir: path.join(repo, '.kiro/specs/s'),
      review: async () => ({ action: 'approve' }),
    });
    expect(result.failures).toEqual([
      '1: failed: timed out after 1 s ([agents] job_max_runtime_seconds)',
      '2: blocked: blocked by 1: waits for 1, which failed',
    ]);
    expect(tasksMd(repo)).toBe(TASKS);
  });

  it("fires SubagentStart and SubagentStop around a task's subagent; a SubagentStop block sends it on once", async () => {
    const model = await startMockModel({
      turns: [
        { items: [{ type: 'message', text: 'Task done.' }] },
        { items: [{ type: 'message', text: 'Test added.' }] },
      ],
    });
    servers.push(model);
    const repo = tempRepo({
      '.kiro/specs/s/requirements.md': '# Requirements Document\n',
      '.kiro/specs/s/tasks.md': '# Implementation Plan\n- [ ] 1. One\n',
    });
    const home = mockConfiguredHome(model.url);
    const blockOnce = `if grep -q '"stop_hook_active":true'; then exit 0; fi; echo "also add a test" >&2; exit 2`;
    fs.writeFileSync(
      path.join(home, 'hooks.json'),
      JSON.stringify({
        hooks: {
          SubagentStart: [{ hooks: [{ type: 'command', command: 'cat' }] }],
          SubagentStop: [{ hooks: [{ type: 'command', command: blockOnce }] }],
        },
      }),
    );
    const events: SessionEvent[] = [];
    const result = await runSpec({
      home,
      specDir: path.join(repo, '.kiro/specs/s'),
      review: async () => ({ action: 'approve' }),
      onSessionEvent: (_task, event) => events.push(event),
    });
    expect(result.merged).toEqual(['1']);
    const runs = events.filter((e) => e.type === 'hook.completed');
    expect(runs.map((e) => e.type === 'hook.completed' && [e.event, e.status])).toEqual([
      ['SubagentStart', 'completed'],
      ['SubagentStop', 'blocked'],
      ['SubagentStop', 'completed'],
    ]);
    const started = runs[0].type === 'hook.completed' ? JSON.parse(runs[0].output) : null;
    expect(started).toMatchObject({ hook_event_name: 'SubagentStart', agent_id: '1', agent_type: 'default' });
    expect(JSON.stringify(model.requests[1].body)).toContain('also add a test');
  });
});
