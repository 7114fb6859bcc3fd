import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockModel, type MockModelServer, type MockScenario } from '../../../e2e/mock-model';
import type { SessionEvent } from '../../contract';
import { refuseAll } from '../approvals/approval-policy';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { AgentSession } from '../session/agent-session';
import { tempDir } from '../testing/temp-repo';
import { execCommandTool } from '../tools/exec-command-tool';
import { HookEngine } from './hook-engine';
import { matchingHooksForInput } from './hook-matcher';
import { runCommandHook } from './hook-runner';
import type { HookDefinition, HookEventName } from './hook-types';
import { mockModelClient } from '../testing/mock-model-client';

/* The engine with real hook processes (the runner's shell, JSON on stdin) in a session against the mock model. */

const servers: MockModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function commandHook(event: HookEventName, command: string, extra: Partial<HookDefinition> = {}): HookDefinition {
  return {
    id: `hooks.json:${event}`,
    name: `${event}-hook`,
    source: { format: 'codex-json', scope: 'user', file: '/home/me/.trellis/hooks.json', position: `${event}[0]` },
    event,
    action: { kind: 'command', command, timeoutMs: 60_000 },
    enabled: true,
    canBlock: true,
    plainStdoutIsContext: false,
    hash: command,
    ...extra,
  };
}

async function session(scenario: MockScenario, hooks: HookDefinition[]) {
  const server = await startMockModel(scenario);
  servers.push(server);
  const cwd = tempDir();
  const executor = new UnconfinedExecutor();
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const engine = new HookEngine({
    hooks,
    runHook: (hook, input, signal) => runCommandHook(hook, input, { executor, cwd, env, signal }),
    selectHooks: matchingHooksForInput,
  });
  const events: SessionEvent[] = [];
  const agent = await AgentSession.create({
    home: tempDir(),
    cwd,
    model: 'gpt-test',
    providerId: 'mock',
    client: await mockModelClient(server.url),
    streamMaxRetries: 0,
    instructions: 'You are a test agent.',
    tools: [execCommandTool],
    executor,
    env,
    sandboxMode: 'workspace-write',
    approvalPolicy: 'never',
    approver: refuseAll,
    hooks: engine,
    onEvent: (e) => events.push(e),
  });
  return { agent, server, cwd, events };
}

const shell = (cmd: string) => ({
  items: [{ type: 'function_call' as const, name: 'exec_command', arguments: JSON.stringify({ cmd }) }],
});
const answer = (text: string) => ({ items: [{ type: 'message' as const, text }] });

describe('hooks as real processes in a session', () => {
  it('a PreToolUse hook exiting 2 keeps the command from running; the model gets its stderr', async () => {
    const guard = commandHook('PreToolUse', 'echo "touching files is off limits" >&2; exit 2', { matcher: 'Bash' });
    const { agent, server, cwd, events } = await session({ turns: [shell('touch marker'), answer('ok')] }, [guard]);
    await agent.runTurn('go');
    await agent.close();
    expect(fs.existsSync(path.join(cwd, 'marker'))).toBe(false);
    expect(events.some((e) => e.type === 'exec.started')).toBe(false);
    expect(JSON.stringify(server.requests[1].body)).toContain('touching files is off limits');
    expect(events.find((e) => e.type === 'hook.completed')).toMatchObject({ status: 'blocked', exitCode: 2 });
  });

  it("a PreToolUse hook's updatedInput rewrites the command it was shown on stdin", async () => {
    // The hook reads the command from its stdin and asks for it with a suffix.
    const rewrite = commandHook(
      'PreToolUse',
      `sed -n 's/.*"command":"\\([^"]*\\)".*/{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow","updatedInput":{"command":"\\1-rewritten"}}}/p'`,
    );
    const { agent, server, events } = await session({ turns: [shell('echo original'), answer('ok')] }, [rewrite]);
    await agent.runTurn('go');
    await agent.close();
    expect(events.find((e) => e.type === 'exec.started')).toMatchObject({ command: 'echo original-rewritten' });
    expect(JSON.stringify(server.requests[1].body)).toContain('original-rewritten');
  });

  it('a Stop hook blocks once, then sees stop_hook_active and lets the turn end', async () => {
    const stop = commandHook(
      'Stop',
      `if grep -q '"stop_hook_active":true'; then exit 0; fi; echo "also update the changelog" >&2; exit 2`,
    );
    const { agent, server, events } = await session({ turns: [answer('first'), answer('second')] }, [stop]);
    expect(await agent.runTurn('go')).toMatchObject({ status: 'completed', finalMessage: 'second' });
    await agent.close();
    expect(server.requests).toHaveLength(2);
    expect(JSON.stringify(server.requests[1].body)).toContain('also update the changelog');
    const runs = events.filter((e) => e.type === 'hook.completed');
    expect(runs.map((e) => e.type === 'hook.completed' && e.status)).toEqual(['blocked', 'completed']);
  });

  it('a hanging hook times out, is logged as failed, and the session goes on', async () => {
    const hang = commandHook('PreToolUse', 'sleep 600', {
      action: { kind: 'command', command: 'sleep 600', timeoutMs: 300 },
    });
    const { agent, events } = await session({ turns: [shell('echo went-on'), answer('ok')] }, [hang]);
    expect(await agent.runTurn('go')).toMatchObject({ status: 'completed' });
    await agent.close();
    expect(events.find((e) => e.type === 'hook.completed')).toMatchObject({
      status: 'failed',
      systemMessage: expect.stringContaining('timed out'),
    });
    expect(events.find((e) => e.type === 'exec.completed')).toMatchObject({ output: 'went-on\n' });
  });

  it('a PostToolUse hook answering "continue": false ends the turn after the tool, says why, and the next prompt runs', async () => {
    const halt = commandHook('PostToolUse', `echo '{"continue": false, "stopReason": "the build is broken"}'`);
    const scenario = { turns: [shell('echo ran'), answer('never sent'), answer('after')] };
    const { agent, server, events } = await session(scenario, [halt]);
    expect(await agent.runTurn('go')).toMatchObject({
      status: 'stopped',
      error: expect.stringContaining('the build is broken'),
    });
    expect(events.find((e) => e.type === 'exec.completed')).toMatchObject({ output: 'ran\n' });
    expect(server.requests).toHaveLength(1);
    expect(events.find((e) => e.type === 'turn.failed')).toMatchObject({
      reason: 'hook',
      error: expect.stringContaining('the build is broken'),
    });
    // The hook stopped that turn, not the session: the person's next prompt runs.
    expect(await agent.runTurn('and now')).toMatchObject({ status: 'completed' });
    await agent.close();
    expect(server.requests).toHaveLength(2);
  });
});
