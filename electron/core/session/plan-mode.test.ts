import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockItem, type MockModelServer, type MockScenario } from '../../../e2e/mock-model';
import type { SessionEvent } from '../../contract';
import type { ApprovalPolicy, Approver } from '../approvals/approval-policy';
import { BwrapExecutor } from '../sandbox/linux/bwrap-executor';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { mockModelClient } from '../testing/mock-model-client';
import { git, tempDir, tempRepo } from '../testing/temp-repo';
import { applyPatchTool } from '../tools/apply-patch-tool';
import { execCommandTool } from '../tools/exec-command-tool';
import type { Tool } from '../tools/tool';
import { updatePlanTool } from '../tools/update-plan-tool';
import { AgentSession, type AgentSessionOptions } from './agent-session';
import { planModeCommands } from './plan-mode-commands';
import { readSessionLog } from './read-session-log';
import { sandboxPolicyOptions } from './sandbox-policy-options';
import { waitForItem } from '../testing/wait-for-item';
import { loadConfig } from '../config/load-config';

const detection = process.platform === 'linux' ? await BwrapExecutor.detect() : null;
const noSandbox = !detection ? `not Linux (${process.platform})` : !detection.ok ? detection.reason : '';

const servers: MockModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A tool that writes a file and says nothing of being read-only: plan mode must refuse it. */
const noteTool: Tool = {
  spec: {
    kind: 'function',
    name: 'write_note',
    description: 'Write NOTE.md.',
    parameters: { type: 'object', properties: {} },
  },
  async run(_input, context) {
    fs.writeFileSync(path.join(context.cwd, 'NOTE.md'), 'written\n');
    return { output: 'written', isError: false };
  },
};

async function setup(scenario: MockScenario, extra: Partial<AgentSessionOptions> = {}) {
  const server = await startMockModel(scenario);
  servers.push(server);
  const home = tempDir();
  const cwd = tempRepo({ 'README.md': 'read me: plan-mode-fixture\n' });
  const events: SessionEvent[] = [];
  const { config } = await loadConfig({ home });
  const unconfined = new UnconfinedExecutor();
  const options: AgentSessionOptions = {
    home,
    cwd,
    model: 'gpt-test',
    providerId: 'mock',
    client: await mockModelClient(server.url),
    streamMaxRetries: 0,
    instructions: 'You are a test agent.',
    tools: [execCommandTool, applyPatchTool, updatePlanTool, noteTool],
    // The loosest session there is: plan mode must hold even here.
    executor: unconfined,
    escalatedExecutor: unconfined,
    planCommands: () => planModeCommands(sandboxPolicyOptions(config, { cwd, home }), unconfined),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    sandboxMode: 'danger-full-access',
    approvalPolicy: 'on-request' as ApprovalPolicy,
    approver: async () => 'approved-for-session',
    onEvent: (e) => events.push(e),
    ...extra,
  };
  return { server, options, events, cwd, home };
}

const call = (name: string, args: Record<string, unknown>): MockItem => ({
  type: 'function_call',
  name,
  arguments: JSON.stringify(args),
});
const ADD_FILE = '*** Begin Patch\n*** Add File: planned.txt\n+made while planning\n*** End Patch\n';
const PLAN = '# Add planned.txt\n\n1. Create `planned.txt` with one line.\n2. Test: it exists.';
const planAnswer = {
  items: [{ type: 'message' as const, text: `Here is the plan.\n\n<proposed_plan>\n${PLAN}\n</proposed_plan>` }],
};
/** Everything a model planning badly tries at once: a patch, writes by command, an escalation, a writing tool. */
const tryEverything = {
  items: [
    { type: 'custom_tool_call' as const, name: 'apply_patch', input: ADD_FILE },
    call('exec_command', { cmd: 'touch by-command.txt && echo touched' }),
    call('exec_command', { cmd: 'touch escalated.txt', sandbox_permissions: 'require_escalated', justification: 'x' }),
    call('exec_command', { cmd: `apply_patch <<'EOF'\n${ADD_FILE}EOF` }),
    call('write_note', {}),
    call('update_plan', { plan: [{ step: 'read the README', status: 'in_progress' }] }),
    call('exec_command', { cmd: 'cat README.md' }),
  ],
};

function results(events: SessionEvent[]) {
  const calls = new Map(events.flatMap((e) => (e.type === 'tool.call' ? [[e.callId, e] as const] : [])));
  return events.flatMap((e) =>
    e.type === 'tool.result' ? [{ tool: calls.get(e.callId)!.tool, input: calls.get(e.callId)!.input, ...e }] : [],
  );
}

describe.skipIf(!!noSandbox)(`plan mode${noSandbox ? ` (skipped: no kernel sandbox here: ${noSandbox})` : ''}`, () => {
  it('changes nothing on disk, lets update_plan and reads run, and turns the answer into a proposed plan', async () => {
    const { options, events, cwd, server } = await setup({ turns: [tryEverything, planAnswer] });
    const session = await AgentSession.create(options);
    await session.setMode('plan');
    const result = await session.runTurn('Plan adding planned.txt');
    await session.close();

    expect(result).toMatchObject({ status: 'completed', plan: PLAN });
    expect(fs.readdirSync(cwd).sort()).toEqual(['.git', 'README.md']);
    expect(git(cwd, 'status', '--porcelain')).toBe('');
    const byInput = results(events);
    const outputOf = (pattern: RegExp) => byInput.find((r) => pattern.test(r.input))!;
    expect(byInput.find((r) => r.tool === 'apply_patch')).toMatchObject({
      isError: true,
      output: expect.stringMatching(/apply_patch was refused.*plan mode/s),
    });
    // The sandbox refused the write for real: the command ran, and failed.
    expect(outputOf(/by-command/).output).toMatch(/Read-only file system/);
    expect(outputOf(/escalated/).output).toMatch(/running outside the sandbox is refused.*plan mode/s);
    expect(outputOf(/<<'EOF'/).output).toMatch(/it is a patch/);
    expect(byInput.find((r) => r.tool === 'write_note')).toMatchObject({
      isError: true,
      output: expect.stringMatching(/write_note was refused/),
    });
    expect(byInput.find((r) => r.tool === 'update_plan')).toMatchObject({ isError: false });
    expect(outputOf(/cat README/).output).toContain('read me: plan-mode-fixture');
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['mode.changed', 'turn.started', 'plan.updated', 'plan.proposed', 'turn.completed']),
    );
    expect(events.findIndex((e) => e.type === 'mode.changed')).toBeLessThan(
      events.findIndex((e) => e.type === 'turn.started'),
    );
    expect(events.find((e) => e.type === 'plan.proposed')).toMatchObject({ turn: 0, plan: PLAN });
    // The model was told, before the prompt.
    const first = JSON.stringify(server.requests[0].body);
    expect(first).toContain('Plan mode is on');
    expect(first.indexOf('Plan mode is on')).toBeLessThan(first.indexOf('Plan adding planned.txt'));
  });

  it('leaving plan mode tells the model changes are allowed, and the plan is carried out', async () => {
    const implement = { items: [{ type: 'custom_tool_call' as const, name: 'apply_patch', input: ADD_FILE }] };
    const { options, events, cwd, server } = await setup({
      turns: [planAnswer, implement, { items: [{ type: 'message', text: 'Done.' }] }],
    });
    const session = await AgentSession.create(options);
    await session.setMode('plan');
    await session.runTurn('Plan adding planned.txt');
    await session.setMode('default');
    expect(session.mode).toBe('default');
    const result = await session.runTurn('Implement the plan.');
    await session.close();

    expect(result).toMatchObject({ status: 'completed', finalMessage: 'Done.' });
    expect(result.plan).toBeUndefined();
    expect(fs.readFileSync(path.join(cwd, 'planned.txt'), 'utf8')).toBe('made while planning\n');
    const second = JSON.stringify(server.requests[1].body);
    expect(second).toContain('Plan mode is off');
    expect(second).toContain('changes are now allowed');
    expect(second.indexOf('Plan mode is off')).toBeLessThan(second.indexOf('Implement the plan.'));
    expect(events.filter((e) => e.type === 'mode.changed').map((e) => e.type === 'mode.changed' && e.mode)).toEqual([
      'plan',
      'default',
    ]);
  });

  it('resume keeps the mode and what the model was told, and plan mode still holds', async () => {
    const first = await setup({ turns: [planAnswer] });
    const session = await AgentSession.create(first.options);
    await session.setMode('plan');
    await session.runTurn('Plan adding planned.txt');
    await session.close();
    const file = session.log.file!;

    const again = await setup({
      turns: [planAnswer, { items: [call('exec_command', { cmd: 'touch after-resume.txt' })] }, planAnswer],
    });
    const options = { ...again.options, cwd: first.cwd, home: first.home };
    const resumed = await AgentSession.resume(file, options);
    expect(resumed.mode).toBe('plan');
    await resumed.runTurn('Refine it');
    await resumed.close();

    expect(fs.existsSync(path.join(first.cwd, 'after-resume.txt'))).toBe(false);
    const sent = JSON.stringify(again.server.requests[1].body);
    expect(sent).toContain('Plan mode is on');
    expect(sent.indexOf('Plan mode is on')).toBeLessThan(sent.indexOf('Plan adding planned.txt'));
    const { events } = await readSessionLog(file);
    expect(events.filter((e) => e.type === 'plan.proposed')).toHaveLength(2);
  });

  it('a switch during a turn takes effect at its next model request, never inside a response', async () => {
    const { options, events, cwd, server } = await setup({
      turns: [
        { items: [call('exec_command', { cmd: 'touch before-switch.txt' })] },
        { items: [call('exec_command', { cmd: 'touch after-switch.txt' })] },
        planAnswer,
      ],
    });
    const session = await AgentSession.create(options);
    const release = server.hold();
    const running = session.runTurn('make two files');
    await waitForItem(server.requests, () => true); // the first response is on its way: the turn runs
    await session.setMode('plan');
    expect(session.mode).toBe('default');
    expect(events.some((e) => e.type === 'mode.changed')).toBe(false);
    release();
    await running;
    await session.close();

    // The first response was made in default mode and ran so; the one after the switch ran planning.
    expect(fs.existsSync(path.join(cwd, 'before-switch.txt'))).toBe(true);
    expect(fs.existsSync(path.join(cwd, 'after-switch.txt'))).toBe(false);
    const second = JSON.stringify(server.requests[1].body);
    expect(second.indexOf('before-switch.txt')).toBeLessThan(second.indexOf('Plan mode is on'));
    const types = events.map((e) => e.type);
    expect(types.indexOf('mode.changed')).toBeGreaterThan(types.indexOf('tool.result'));
    const { events: logged } = await readSessionLog(session.log.file!);
    const resumed = await AgentSession.resume(session.log.file!, { ...options, onEvent: undefined });
    expect(resumed.mode).toBe('plan');
    await resumed.close();
    expect(logged.filter((e) => e.type === 'plan.proposed')).toHaveLength(1);
  });

  it('approvals the person gave in default mode do not widen plan mode', async () => {
    const asked: string[] = [];
    const approver: Approver = async (request) => (asked.push(request.command), 'approved-for-session');
    const escalate = (file: string) =>
      call('exec_command', { cmd: `touch ${file}`, sandbox_permissions: 'require_escalated', justification: 'x' });
    const { options, cwd } = await setup(
      {
        turns: [
          { items: [escalate('approved.txt')] },
          { items: [{ type: 'message', text: 'ok' }] },
          { items: [escalate('approved.txt'), call('exec_command', { cmd: 'rm README.md' })] },
          planAnswer,
        ],
      },
      { approver },
    );
    const session = await AgentSession.create(options);
    await session.runTurn('make approved.txt');
    expect(fs.existsSync(path.join(cwd, 'approved.txt'))).toBe(true);
    fs.rmSync(path.join(cwd, 'approved.txt'));
    await session.setMode('plan');
    await session.runTurn('plan');
    await session.close();

    expect(asked).toHaveLength(1); // the default-mode one; plan mode asked nobody and ran nothing outside
    expect(fs.existsSync(path.join(cwd, 'approved.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(cwd, 'README.md'), 'utf8')).toContain('plan-mode-fixture');
  });
});

describe('plan mode without a kernel sandbox (danger-full-access on a machine without one)', () => {
  it('runs only commands known to only read, and says why it refuses the others', async () => {
    const { options, events, cwd } = await setup(
      {
        turns: [
          { items: [call('exec_command', { cmd: 'touch made.txt' }), call('exec_command', { cmd: 'ls' })] },
          planAnswer,
        ],
      },
      {
        planCommands: async () => ({
          executor: new UnconfinedExecutor(),
          unconfinedBecause: 'bubblewrap is not installed',
        }),
      },
    );
    const session = await AgentSession.create(options);
    await session.setMode('plan');
    await session.runTurn('plan');
    await session.close();

    expect(fs.existsSync(path.join(cwd, 'made.txt'))).toBe(false);
    const byInput = results(events);
    expect(byInput.find((r) => r.input.includes('touch'))!.output).toMatch(
      /no read-only sandbox here \(bubblewrap is not installed\).*only commands known to only read/s,
    );
    expect(byInput.find((r) => r.input.includes('"ls"'))!.output).toContain('README.md');
  });
});
