import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer } from '../../../e2e/mock-model';
import type { WorkbenchEvent } from '../../contract';
import { contractChecked } from '../testing/contract-checked';
import { tempDir, tempRepo } from '../testing/temp-repo';
import { waitForItem } from '../testing/wait-for-item';
import { Workbench, type WorkbenchClient } from './workbench';

/**
 * Every reply here is checked against the value its request promises (contractChecked): a handler answering with
 * another shape fails. The requests of each domain are driven as the window drives them.
 */

const TASKS = `# Implementation Plan

- [ ] 1. First
- [ ] 2. Second
  - _Depends: 1_
`;

const bwrapWorks =
  process.platform === 'linux' && spawnSync('bwrap', ['--unshare-user', '--ro-bind', '/', '/', 'true']).status === 0;

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((c) => c.close()));
});

async function setup(model?: MockModelServer) {
  const home = tempDir();
  if (model) {
    fs.writeFileSync(
      path.join(home, 'config.toml'),
      `model = "gpt-test"\nmodel_provider = "mock"\nsandbox_mode = "danger-full-access"\n[model_providers.mock]\nname = "Mock"\nbase_url = "${model.url}/v1"\nwire_api = "responses"\nrequest_max_retries = 0\nstream_max_retries = 0\n`,
    );
  }
  const workbench = new Workbench({
    home,
    app: { name: 'Trellis', version: '0.0.0', platform: 'linux', shell: 'browser', initialPath: null },
  });
  closing.push(workbench);
  const events: WorkbenchEvent[] = [];
  const client: WorkbenchClient = { id: 'c1', send: (e) => events.push(e) };
  const dispatch = contractChecked(workbench);
  const call = async (method: string, params: unknown) => {
    const result = await dispatch(method, params, client);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as never;
  };
  const repo = tempRepo({ 'README.md': '# r\n', '.kiro/specs/export/tasks.md': TASKS });
  const { id: workspaceId } = await call('workspace.open', { path: repo });
  return { call, events, repo, workspaceId: workspaceId as string };
}

describe('replies keep the contract', () => {
  it('app, workspace, specs, crew and trust requests', async () => {
    const { call, workspaceId } = await setup();
    await call('app.info', {});
    await call('recents.list', {});
    await call('layout.set', { layout: { sizes: { workspace: 20 }, collapsed: ['graph'] } });
    await call('layout.get', {});
    await call('workspace.listDir', { workspaceId, dir: '' });
    await call('workspace.readFile', { workspaceId, path: 'README.md' });
    await call('workspace.status', { workspaceId });
    expect(await call('specs.list', { workspaceId })).toHaveLength(1);
    await call('specs.load', { workspaceId, spec: 'export' });
    await call('specs.setTaskStatus', { workspaceId, spec: 'export', taskId: '1', status: 'done' });
    await call('specs.create', { workspaceId, name: 'import', kind: 'bugfix', workflow: 'requirements-first' });
    await call('specs.load', { workspaceId, spec: 'import' });
    await call('crew.runs', { workspaceId });
    await call('crew.worktrees', { workspaceId });
    await call('trust.get', { workspaceId });
    await call('session.settings', { workspaceId });
    await call('session.list', { workspaceId });
  });

  it('a session: its start, its log on resume, and the change its turn made', async () => {
    const patch = `*** Begin Patch\n*** Add File: notes.txt\n+hello\n*** End Patch`;
    const model = await startMockModel({
      turns: [
        {
          items: [
            {
              type: 'function_call',
              name: 'exec_command',
              arguments: JSON.stringify({ cmd: `apply_patch <<'EOF'\n${patch}\nEOF\n` }),
            },
          ],
        },
        { items: [{ type: 'message', text: 'Added notes.' }] },
      ],
    });
    closing.push(model);
    const { call, events, repo, workspaceId } = await setup(model);
    const { sessionId } = await call('session.start', { workspaceId, prompt: 'add notes' });
    await waitForItem(events, (e) => e.type === 'session.event' && e.event.type === 'turn.completed');
    expect(fs.readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe('hello\n');
    expect(await call('session.list', { workspaceId })).toMatchObject([{ id: sessionId }]);
    const { events: logged } = await call('session.resume', { workspaceId, sessionId });
    expect((logged as { type: string }[]).map((e) => e.type)).toContain('patch.applied');
    const source = { kind: 'turn', sessionId, turn: 0 };
    expect(await call('changes.list', { source, counts: true })).toMatchObject([{ path: 'notes.txt', kind: 'added' }]);
    await call('changes.file', { source, path: 'notes.txt', kind: 'added' });
  });

  it.skipIf(!bwrapWorks)(
    'a crew run: its rows, the change a task made, its merge and worktree (subagents run sandboxed: needs a working bubblewrap)',
    async () => {
      const model = await startMockModel({
        turns: [
          {
            items: [
              {
                type: 'function_call',
                name: 'exec_command',
                arguments: JSON.stringify({ cmd: 'echo "$TRELLIS_TASK_ID" > "out-$TRELLIS_TASK_ID.txt"' }),
              },
            ],
          },
          { items: [{ type: 'message', text: 'Task done.' }] },
        ],
      });
      closing.push(model);
      const { call, events, workspaceId } = await setup(model);
      const taskState = (taskId: string, state: string) => (e: WorkbenchEvent) =>
        e.type === 'crew.task' && e.task.taskId === taskId && e.task.state === state;
      const { runId } = await call('crew.start', { workspaceId, spec: 'export', tasks: ['1'] });
      await waitForItem(events, taskState('1', 'reviewing'));
      expect(await call('crew.runs', { workspaceId })).toMatchObject([
        { runId, rows: [{ taskId: '1', state: 'reviewing' }] },
      ]);
      const source = { kind: 'task', workspaceId, spec: 'export', taskId: '1' };
      expect(await call('changes.list', { source, counts: true })).toMatchObject([
        { path: 'out-1.txt', kind: 'added' },
      ]);
      await call('changes.file', { source, path: 'out-1.txt', kind: 'added' });
      await call('crew.worktrees', { workspaceId });
      await call('crew.approve', { workspaceId, spec: 'export', taskId: '1' });
      await waitForItem(events, taskState('1', 'merged'));
      await call('crew.runs', { workspaceId });
    },
  );

  it('a spec written by the agent: the workflow, a decision, its log on resume', async () => {
    const add = (file: string, text: string) =>
      `*** Begin Patch\n*** Add File: .kiro/specs/csv/${file}\n+${text}\n*** End Patch`;
    const model = await startMockModel({
      turns: [
        {
          items: [
            { type: 'custom_tool_call', name: 'apply_patch', input: add('requirements.md', '# Requirements Document') },
          ],
        },
        { items: [{ type: 'message', text: 'Requirements drafted.' }] },
        { items: [{ type: 'custom_tool_call', name: 'apply_patch', input: add('design.md', '# Design Document') }] },
        { items: [{ type: 'message', text: 'Design written.' }] },
      ],
    });
    closing.push(model);
    const { call, events, workspaceId } = await setup(model);
    const awaiting = (stage: string) => (e: WorkbenchEvent) =>
      e.type === 'session.event' &&
      e.event.type === 'spec.stage' &&
      e.event.stage === stage &&
      e.event.state === 'awaiting-approval';
    const { sessionId } = await call('specs.startWorkflow', {
      workspaceId,
      name: 'csv',
      kind: 'feature',
      workflow: 'requirements-first',
      description: 'Export todos as CSV.',
    });
    await waitForItem(events, awaiting('requirements'));
    await call('specs.decide', { sessionId, decision: 'approve' });
    await waitForItem(events, awaiting('design'));
    const { events: logged } = await call('session.resume', { workspaceId, sessionId });
    expect((logged as { type: string }[]).map((e) => e.type)).toEqual(
      expect.arrayContaining(['spec.started', 'spec.stage', 'spec.decision']),
    );
    await call('specs.load', { workspaceId, spec: 'csv' });
    await call('session.interrupt', { sessionId });
  });
});
