import path from 'node:path';
import { notKnownSafeBecause, plantablePathEntry } from '../approvals/approval-policy';
import { extractHeredocPatch } from '../apply-patch';
import type { Tool, ToolContext, ToolOutput } from '../tools/tool';
import type { PlanModeCommands } from './plan-mode-commands';

const PLANNING =
  'This session is in plan mode: you may read and run commands that change nothing, and end with a <proposed_plan> block; the person leaves plan mode to carry it out.';

/** The session's tools as plan mode runs them: the same specs (the model sees one list), each call guarded. */
export function planModeTools(tools: Tool[], commands: () => Promise<PlanModeCommands>): Tool[] {
  return tools.map((tool) => ({
    spec: tool.spec,
    readOnly: tool.readOnly,
    run: (input, context) => runInPlanMode(tool, input, context, commands),
  }));
}

/**
 * One tool call while the session plans, enforced here rather than asked of the model: exec_command runs under the
 * read-only sandbox (never outside it, whatever the person approved before), apply_patch and tools that may change
 * something are refused with a sentence, read-only tools (update_plan, MCP tools annotated readOnlyHint) run as usual.
 */
export async function runInPlanMode(
  tool: Tool,
  input: string,
  context: ToolContext,
  commands: () => Promise<PlanModeCommands>,
): Promise<ToolOutput> {
  const name = tool.spec.name;
  if (name === 'apply_patch') {
    const error = 'refused in plan mode';
    await context.emit({
      type: 'patch.applied',
      turn: context.turn,
      callId: context.callId,
      success: false,
      changes: [],
      error,
    });
    return refused(`apply_patch was refused: nothing was written. ${PLANNING}`);
  }
  if (name === 'exec_command') return runCommandInPlanMode(tool, input, context, await commands());
  if (tool.readOnly) return tool.run(input, context);
  return refused(
    `${name} was refused: it may change something, and plan mode allows only tools that only read. ${PLANNING}`,
  );
}

async function runCommandInPlanMode(
  tool: Tool,
  input: string,
  context: ToolContext,
  commands: PlanModeCommands,
): Promise<ToolOutput> {
  const planning: ToolContext = {
    ...context,
    executor: commands.executor,
    // Even an approved escalation, or a rerun after a sandbox refusal, stays in the read-only sandbox.
    escalatedExecutor: commands.executor,
    sandboxMode: 'read-only',
    // `untrusted` still asks before commands that may change things; no policy offers to leave the sandbox.
    approvalPolicy: context.approvalPolicy === 'untrusted' ? 'untrusted' : 'never',
  };
  const args = commandArguments(input);
  // Malformed arguments: the tool itself tells the model what is wrong, without running anything.
  if (!args) return tool.run(input, planning);
  const cwd = path.resolve(context.cwd, args.workdir ?? '.');
  const decline = async (why: string) => {
    await context.emit({
      type: 'exec.completed',
      turn: context.turn,
      callId: context.callId,
      command: args.cmd,
      cwd,
      exitCode: null,
      durationMs: 0,
      output: `Refused in plan mode: ${why}.`,
      timedOut: false,
      declined: true,
    });
    return refused(`The command was not run: ${why}. ${PLANNING}`);
  };
  if (args.sandbox_permissions === 'require_escalated') return decline('running outside the sandbox is refused');
  if (extractHeredocPatch(args.cmd)) return decline('it is a patch (apply_patch through the shell)');
  if (commands.unconfinedBecause) {
    const problem = notKnownSafeBecause(args.cmd, {
      outsideWorkingFolder: cwd !== path.resolve(context.cwd),
      plantablePathEntry: plantablePathEntry(context.env.PATH, context.cwd),
    });
    if (problem)
      return decline(
        `there is no read-only sandbox here (${commands.unconfinedBecause}), so plan mode runs only commands known to only read, and this one is not (${problem})`,
      );
  }
  return tool.run(input, planning);
}

function commandArguments(input: string): { cmd: string; workdir?: string; sandbox_permissions?: string } | null {
  try {
    const value: unknown = JSON.parse(input || '{}');
    if (typeof value !== 'object' || value === null) return null;
    const { cmd, workdir, sandbox_permissions } = value as Record<string, unknown>;
    if (typeof cmd !== 'string' || (workdir !== undefined && typeof workdir !== 'string')) return null;
    return {
      cmd,
      ...(workdir !== undefined ? { workdir } : {}),
      ...(typeof sandbox_permissions === 'string' ? { sandbox_permissions } : {}),
    };
  } catch {
    return null;
  }
}

function refused(output: string): ToolOutput {
  return { output, isError: true };
}
