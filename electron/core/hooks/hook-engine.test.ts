import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer, type MockScenario } from '../../../e2e/mock-model';
import { refuseAll } from '../approvals/approval-policy';
import { AgentSession } from '../session/agent-session';
import { answer, byToolName, hook, hookedSessionOptions, scripted, shell } from '../session/scripted-hooks.testing';
import { HookEngine, type RunHook } from './hook-engine';
import type { HookEventName } from './hook-types';

/*
 * The engine in a real session (core/session/scripted-hooks.testing.ts): each hook's answer is scripted, so what is asserted
 * is what the loop does with it.
 */

const servers: MockModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(scenario: MockScenario, engine: HookEngine) {
  const server = await startMockModel(scenario);
  servers.push(server);
  return { server, ...(await hookedSessionOptions(server.url, engine)) };
}

describe('the hook engine in a session', () => {
  it('fires each event at its moment with the session in its input, each run logged', async () => {
    const { inputs, runHook } = scripted();
    const events: HookEventName[] = ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Stop'];
    const engine = new HookEngine({
      hooks: [...events, 'SessionEnd' as const].map((e) => hook(e)),
      runHook,
      selectHooks: byToolName,
    });
    const { options, events: logged, cwd } = await setup({ turns: [shell('echo hi'), answer('done')] }, engine);
    const session = await AgentSession.create(options);
    await session.runTurn('go');
    await session.close();

    expect(inputs.map((i) => i.hook_event_name)).toEqual([...events, 'SessionEnd']);
    for (const input of inputs)
      expect(input).toMatchObject({
        session_id: session.id,
        transcript_path: session.log.file,
        cwd,
        model: 'gpt-test',
        permission_mode: 'bypassPermissions',
      });
    expect(inputs[0].source).toBe('startup');
    expect(inputs[1].prompt).toBe('go');
    expect(inputs[2]).toMatchObject({ tool_name: 'Bash', tool_input: { command: 'echo hi' } });
    expect(inputs[3].tool_response).toContain('hi');
    expect(inputs[4]).toMatchObject({ stop_hook_active: false, last_assistant_message: 'done' });
    const completed = logged.filter((e) => e.type === 'hook.completed');
    expect(completed.map((e) => e.type === 'hook.completed' && e.event)).toEqual([...events, 'SessionEnd']);
    const onDisk = fs.readFileSync(session.log.file!, 'utf8');
    expect(onDisk.match(/"type":"hook.started"/g)).toHaveLength(6);
  });

  it('a PreToolUse deny keeps the command from running and the model is told why', async () => {
    const { runHook } = scripted((input) =>
      input.hook_event_name === 'PreToolUse' ? { status: 'blocked', reason: 'no writes to the marker' } : {},
    );
    const engine = new HookEngine({ hooks: [hook('PreToolUse', 'guard', '^Bash$')], runHook, selectHooks: byToolName });
    const { options, server, cwd } = await setup({ turns: [shell('touch marker'), answer('ok')] }, engine);
    const session = await AgentSession.create(options);
    expect(await session.runTurn('go')).toMatchObject({ status: 'completed' });
    await session.close();

    expect(fs.existsSync(path.join(cwd, 'marker'))).toBe(false);
    expect(JSON.stringify(server.requests[1].body)).toContain(
      'A PreToolUse hook denied this call: no writes to the marker',
    );
  });

  it("updatedInput rewrites the command that runs, and the model sees the rewritten command's output", async () => {
    const { runHook } = scripted((input) =>
      input.hook_event_name === 'PreToolUse' ? { updatedInput: { command: 'echo rewritten-by-hook' } } : {},
    );
    const engine = new HookEngine({ hooks: [hook('PreToolUse')], runHook, selectHooks: byToolName });
    const { options, server, events } = await setup({ turns: [shell('echo original'), answer('ok')] }, engine);
    const session = await AgentSession.create(options);
    await session.runTurn('go');
    await session.close();

    expect(events.find((e) => e.type === 'exec.started')).toMatchObject({ command: 'echo rewritten-by-hook' });
    const second = JSON.stringify(server.requests[1].body);
    expect(second).toContain('rewritten-by-hook');
  });

  it("a hook's statusMessage is logged with its start and suppressOutput with its end, for the transcript", async () => {
    const stop = hook('Stop');
    if (stop.action.kind === 'command') stop.action.statusMessage = 'Checking the work';
    const { runHook } = scripted(() => ({ output: 'quiet', suppressOutput: true }));
    const engine = new HookEngine({ hooks: [stop], runHook, selectHooks: byToolName });
    const { options, events } = await setup({ turns: [answer('done')] }, engine);
    const session = await AgentSession.create(options);
    await session.runTurn('go');
    await session.close();
    expect(events.find((e) => e.type === 'hook.started')).toMatchObject({ statusMessage: 'Checking the work' });
    expect(events.find((e) => e.type === 'hook.completed')).toMatchObject({ output: 'quiet', suppressOutput: true });
  });

  it('a Stop block continues the turn once with its reason, stop_hook_active true the second time', async () => {
    const { inputs, runHook } = scripted((input, calls) =>
      input.hook_event_name === 'Stop' && calls === 1 ? { status: 'blocked', reason: 'run the tests first' } : {},
    );
    const engine = new HookEngine({ hooks: [hook('Stop')], runHook, selectHooks: byToolName });
    const { options, server } = await setup({ turns: [answer('first'), answer('second')] }, engine);
    const session = await AgentSession.create(options);
    expect(await session.runTurn('go')).toMatchObject({ status: 'completed', finalMessage: 'second' });
    await session.close();

    expect(server.requests).toHaveLength(2);
    expect(JSON.stringify(server.requests[1].body)).toContain('run the tests first');
    expect(inputs.map((i) => i.stop_hook_active)).toEqual([false, true]);
  });

  it('stops continuing after max_stop_continuations and says so', async () => {
    const { runHook } = scripted((input) =>
      input.hook_event_name === 'Stop' ? { status: 'blocked', reason: 'again' } : {},
    );
    const engine = new HookEngine({
      hooks: [hook('Stop')],
      runHook,
      selectHooks: byToolName,
      maxStopContinuations: 1,
    });
    const { options, server, events } = await setup({ turns: [answer('a'), answer('b'), answer('c')] }, engine);
    const session = await AgentSession.create(options);
    expect(await session.runTurn('go')).toMatchObject({ status: 'completed', finalMessage: 'b' });
    await session.close();
    expect(server.requests).toHaveLength(2);
    expect(events.some((e) => e.type === 'error' && e.message.includes('max_stop_continuations'))).toBe(true);
  });

  it('a UserPromptSubmit block keeps the turn from running; its context reaches the model otherwise', async () => {
    const { runHook } = scripted((input) =>
      input.prompt === 'forbidden'
        ? { status: 'blocked', reason: 'not that' }
        : { additionalContext: 'the build is red' },
    );
    const engine = new HookEngine({ hooks: [hook('UserPromptSubmit')], runHook, selectHooks: byToolName });
    const { options, server } = await setup({ turns: [answer('ok')] }, engine);
    const session = await AgentSession.create(options);
    expect(await session.runTurn('forbidden')).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('not that'),
    });
    expect(server.requests).toHaveLength(0);
    await session.runTurn('fine');
    await session.close();
    expect(JSON.stringify(server.requests[0].body)).toContain('the build is red');
  });

  it('a hook that fails or throws is logged as failed and the session goes on', async () => {
    const runHook: RunHook = async (definition) => {
      if (definition.name === 'thrower') throw new Error('spawn failed');
      return {
        hook: definition,
        status: 'failed',
        durationMs: 5,
        exitCode: null,
        output: '',
        systemMessage: 'timed out after 1 s',
      };
    };
    const engine = new HookEngine({
      hooks: [hook('PreToolUse', 'slow'), hook('PreToolUse', 'thrower')],
      runHook,
      selectHooks: byToolName,
    });
    const { options, events } = await setup({ turns: [shell('echo still-ran'), answer('ok')] }, engine);
    const session = await AgentSession.create(options);
    expect(await session.runTurn('go')).toMatchObject({ status: 'completed' });
    await session.close();
    expect(events.find((e) => e.type === 'exec.completed')).toMatchObject({ output: 'still-ran\n' });
    const failed = events.filter((e) => e.type === 'hook.completed' && e.status === 'failed');
    expect(failed).toHaveLength(2);
  });

  it('says once that untrusted repository hooks are not run', async () => {
    const engine = new HookEngine({
      hooks: [],
      runHook: scripted().runHook,
      selectHooks: byToolName,
      untrustedNotice: '.kiro/hooks: 2 hooks not run: this repository is not trusted',
    });
    const { options, events } = await setup({ turns: [answer('a'), answer('b')] }, engine);
    const session = await AgentSession.create(options);
    await session.runTurn('one');
    await session.runTurn('two');
    await session.close();
    const notices = events.filter((e) => e.type === 'error' && e.message.includes('not trusted'));
    // Marked, so the window can offer the way to review the repository's trust.
    expect(notices).toMatchObject([{ about: 'untrusted-hooks' }]);
  });
});

describe('hooks that answer for a person, and a resumed session', () => {
  it('a PermissionRequest hook answers before the person: allow runs the command, deny wins over an approving person', async () => {
    for (const [answer, approver, ran] of [
      ['allow', refuseAll, true],
      ['deny', async () => 'approved' as const, false],
    ] as const) {
      const { inputs, runHook } = scripted(() => ({ permission: answer }));
      const engine = new HookEngine({ hooks: [hook('PermissionRequest')], runHook, selectHooks: byToolName });
      const { options, cwd } = await setup({ turns: [shell('touch marker'), { items: [] }] }, engine);
      const session = await AgentSession.create({ ...options, approvalPolicy: 'untrusted', approver });
      await session.runTurn('go');
      await session.close();
      expect(fs.existsSync(path.join(cwd, 'marker'))).toBe(ran);
      expect(inputs[0]).toMatchObject({ tool_name: 'Bash', tool_input: { command: 'touch marker' } });
    }
  });

  it("SessionStart's context reaches the first request; a resumed session starts with source resume", async () => {
    const { inputs, runHook } = scripted((input) =>
      input.hook_event_name === 'SessionStart' ? { additionalContext: `started as ${input.source}` } : {},
    );
    const engine = new HookEngine({ hooks: [hook('SessionStart')], runHook, selectHooks: byToolName });
    const { options, server } = await setup({ turns: [answer('one'), answer('two')] }, engine);
    const session = await AgentSession.create(options);
    await session.runTurn('first');
    await session.close();
    expect(JSON.stringify(server.requests[0].body)).toContain('started as startup');
    const resumed = await AgentSession.resume(session.log.file!, options);
    await resumed.runTurn('second');
    await resumed.close();
    expect(inputs.map((i) => i.source)).toEqual(['startup', 'resume']);
    expect(JSON.stringify(server.requests[1].body)).toContain('started as resume');
  });
});

describe('the hook engine on its own', () => {
  it("runs an async hook without waiting for it, and logs its end before the session's log closes", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const runHook: RunHook = async (definition) => {
      await gate;
      return { hook: definition, status: 'completed', durationMs: 1, exitCode: 0, output: 'late' };
    };
    const background = hook('PreToolUse', 'notify');
    background.action = { kind: 'command', command: 'notify', timeoutMs: 1000, async: true };
    const engine = new HookEngine({ hooks: [background], runHook, selectHooks: byToolName });
    const { options, events } = await setup({ turns: [shell('echo ran'), answer('ok')] }, engine);
    const session = await AgentSession.create(options);
    expect(await session.runTurn('go')).toMatchObject({ status: 'completed' });
    expect(events.filter((e) => e.type === 'hook.started')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'hook.completed')).toHaveLength(0);
    const closed = session.close();
    release();
    await closed;
    expect(fs.readFileSync(session.log.file!, 'utf8')).toContain('"type":"hook.completed"');
  });

  it('a PreTaskExec block is the reason a crew task fails; PostTaskExec cannot block', async () => {
    const { runHook } = scripted(() => ({ status: 'blocked', reason: 'the spec is frozen' }));
    const engine = new HookEngine({
      hooks: [hook('PreTaskExec'), hook('PostTaskExec')],
      runHook,
      selectHooks: byToolName,
    });
    const logged: string[] = [];
    await engine.attach({
      sessionId: 's',
      transcriptPath: null,
      cwd: '/repo',
      model: 'm',
      permissionMode: 'default',
      emit: async (body) => void logged.push(body.type),
    });
    expect(await engine.taskExec('PreTaskExec', {})).toEqual({ blocked: 'the spec is frozen' });
    expect(await engine.taskExec('PostTaskExec', {})).toEqual({ blocked: undefined });
    expect(logged).toEqual(['hook.started', 'hook.completed', 'hook.started', 'hook.completed']);
  });
});
