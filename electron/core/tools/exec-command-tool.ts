import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { notKnownSafeBecause, plantablePathEntry } from '../approvals/approval-policy';
import { DEFAULT_LOGGED_OUTPUT_BYTES, LoggedOutputCap } from '../limits/output-caps';
import type { Executor } from '../sandbox/executor';
import { extractHeredocPatch } from '../apply-patch';
import { applyPatchFor } from './apply-patch-tool';
import { isToolOutput, parseArguments, type Tool, type ToolContext, type ToolOutput } from './tool';

const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_TIMEOUT_MS = 30 * 60_000;

const Args = z.object({
  cmd: z.string().min(1),
  workdir: z.string().optional(),
  timeout_ms: z.number().int().positive().optional(),
  sandbox_permissions: z.enum(['use_default', 'require_escalated']).optional(),
  justification: z.string().max(2000).optional(),
});

/** bash where there is one (what models write for), else the POSIX shell. */
const SHELL = process.platform === 'win32' ? 'cmd.exe' : '/bin/bash';

export const execCommandTool: Tool = {
  spec: {
    kind: 'function',
    name: 'exec_command',
    description:
      'Run a shell command and return its exit code and output (long output keeps its head and tail). Use it to read files, search, build and test. Edit files with apply_patch, not with the shell.',
    parameters: {
      type: 'object',
      properties: {
        cmd: { type: 'string', description: 'The shell command to run.' },
        workdir: {
          type: 'string',
          description: 'Folder to run in, relative to the working folder. Default: the working folder.',
        },
        timeout_ms: {
          type: 'number',
          description: `Kill the command after this many milliseconds. Default ${DEFAULT_TIMEOUT_MS}.`,
        },
        sandbox_permissions: {
          type: 'string',
          enum: ['use_default', 'require_escalated'],
          description: 'require_escalated asks the user to run this command outside the sandbox; give a justification.',
        },
        justification: {
          type: 'string',
          description: 'With require_escalated: one sentence the user reads to decide.',
        },
      },
      required: ['cmd'],
      additionalProperties: false,
    },
  },
  async run(input, context) {
    const args = parseArguments(input, (value) => {
      const parsed = Args.safeParse(value);
      return parsed.success
        ? parsed.data
        : `Invalid exec_command arguments: ${parsed.error.issues[0].path.join('.') || 'cmd'} ${parsed.error.issues[0].message}. Expected {"cmd": "...", "workdir"?: "...", "timeout_ms"?: n}.`;
    });
    if (isToolOutput(args)) return args;
    const cwd = path.resolve(context.cwd, args.workdir ?? '.');
    if (!(await isDirectory(cwd))) return { output: `workdir ${args.workdir} is not a folder.`, isError: true };
    // A patch sent as `apply_patch <<'EOF'` through the shell is a patch, not a command (as in Codex).
    const heredoc = extractHeredocPatch(args.cmd);
    if (heredoc) return applyPatchFor(heredoc.patch, path.resolve(cwd, heredoc.workdir ?? '.'), context);
    const escalation =
      args.sandbox_permissions === 'require_escalated' ? { justification: args.justification } : undefined;
    return runCommand(
      args.cmd,
      cwd,
      Math.min(args.timeout_ms ?? DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS),
      context,
      escalation,
    );
  },
};

/**
 * Run a command under the approval policy: `untrusted` asks first unless it
 * only reads; an escalation (outside the sandbox) is asked for under
 * `untrusted` and `on-request` and refused otherwise; under `on-failure` a
 * sandbox refusal asks to run it again unsandboxed.
 */
export async function runCommand(
  command: string,
  cwd: string,
  timeoutMs: number,
  context: ToolContext,
  escalation?: { justification?: string },
): Promise<ToolOutput> {
  const { turn, callId } = context;
  const declined = async (why: string): Promise<ToolOutput> => {
    await context.emit({
      type: 'exec.completed',
      turn,
      callId,
      command,
      cwd,
      exitCode: null,
      durationMs: 0,
      output: '',
      timedOut: false,
      declined: true,
    });
    return {
      output: `The command was not run: ${why}. Do not retry it unchanged; find another way or explain what you need.`,
      isError: true,
    };
  };
  const ask = async (reason: string) => {
    const decision = await context.approvals.decide({ callId, command, cwd, reason }, () =>
      context.emit({ type: 'approval.requested', turn, callId, command, cwd, reason }),
    );
    await context.emit({ type: 'approval.decided', turn, callId, decision });
    return decision !== 'denied';
  };

  if (escalation) {
    if (context.approvalPolicy !== 'untrusted' && context.approvalPolicy !== 'on-request') {
      return declined(`running outside the sandbox is not allowed under the ${context.approvalPolicy} approval policy`);
    }
    const reason = `run outside the sandbox (${context.executor.description}): ${escalation.justification ?? 'no reason given'}`;
    if (!(await ask(reason))) return declined('approval to run it outside the sandbox was denied');
    return execute(command, cwd, timeoutMs, context, context.escalatedExecutor);
  }
  const notReadOnly =
    context.approvalPolicy === 'untrusted'
      ? notKnownSafeBecause(command, {
          outsideWorkingFolder: path.resolve(cwd) !== path.resolve(context.cwd),
          plantablePathEntry: plantablePathEntry(context.env.PATH, context.cwd),
        })
      : null;
  if (notReadOnly) {
    if (
      !(await ask(
        `the untrusted approval policy asks before running commands that may change things (${notReadOnly}); it would run in the sandbox (${context.executor.description})`,
      ))
    ) {
      return declined('approval was denied');
    }
  }
  const first = await execute(command, cwd, timeoutMs, context, context.executor);
  if (context.approvalPolicy === 'on-failure' && first.denial) {
    if (await ask(`the sandbox refused it (${first.denial}); run it again without the sandbox?`)) {
      return execute(command, cwd, timeoutMs, context, context.escalatedExecutor);
    }
  }
  return first;
}

async function execute(
  command: string,
  cwd: string,
  timeoutMs: number,
  context: ToolContext,
  executor: Executor,
): Promise<ToolOutput & { denial?: string }> {
  const { turn, callId } = context;
  await context.emit({ type: 'exec.started', turn, callId, command, cwd });
  const pendingOutput: Promise<void>[] = [];
  // The log keeps the output's head, then a count and the tail: a command printing gigabytes costs bounded disk and memory.
  const logged = new LoggedOutputCap(context.maxLoggedExecOutputBytes ?? DEFAULT_LOGGED_OUTPUT_BYTES);
  const result = await executor.run({
    argv: process.platform === 'win32' ? [SHELL, '/d', '/s', '/c', command] : [SHELL, '-c', command],
    cwd,
    env: context.env,
    timeoutMs,
    signal: context.signal,
    onOutput: (stream, chunk) => {
      const part = logged.admit(chunk);
      if (part) pendingOutput.push(context.emit({ type: 'exec.output', turn, callId, stream, chunk: part }));
    },
  });
  await Promise.all(pendingOutput);
  const rest = logged.finish();
  if (rest) await context.emit({ type: 'exec.output', turn, callId, stream: 'stdout', chunk: rest });
  const status = result.timedOut
    ? `killed after ${timeoutMs} ms (timeout)`
    : result.aborted
      ? 'interrupted'
      : result.signal
        ? `killed by ${result.signal}`
        : `${result.exitCode}`;
  await context.emit({
    type: 'exec.completed',
    turn,
    callId,
    command,
    cwd,
    exitCode: result.exitCode,
    durationMs: Math.round(result.durationMs),
    output: result.output,
    timedOut: result.timedOut,
  });
  const text = `Exit code: ${status}\nWall time: ${(result.durationMs / 1000).toFixed(1)} seconds\nOutput:\n${result.output}`;
  return { output: text, isError: result.exitCode !== 0, denial: result.sandboxDenial };
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}
