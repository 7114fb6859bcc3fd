import { proposeFromPatch } from '../review/proposal';
import type { ToolContext } from './tool';

/**
 * What to do with a patch the sandbox refused: when it stays inside the opened folder (and out of its
 * read-only places), a person's approval is the permission to write it, as in Codex (`on-request`,
 * `on-failure`); where nobody can be asked (exec, crew, `never`) the answer is one sentence saying
 * which setting refused it and how to change it.
 */
export type PatchPermission =
  /** The patch reaches beyond the opened folder too: the sandbox's refusal stands as it was. */
  { kind: 'not-applicable' } | { kind: 'refused'; message: string } | { kind: 'approved' };

export async function askToWritePatch(patch: string, cwd: string, context: ToolContext): Promise<PatchPermission> {
  const scope = context.reviewScope;
  if (!scope) return { kind: 'not-applicable' };
  const proposed = await proposeFromPatch(cwd, patch, scope);
  if (!proposed.ok) return { kind: 'not-applicable' };
  const files = proposed.proposal.files.map((f) => f.change.path);
  const mode = context.sandboxMode ?? 'read-only';
  const sandboxSays = `sandbox_mode is "${mode}", ${mode === 'read-only' ? 'which lets the agent write nothing' : 'which does not let the agent write there'}`;
  if (!context.canAsk || context.approvalPolicy === 'never') {
    return { kind: 'refused', message: refusalSentence(files, sandboxSays, context) };
  }
  const { turn, callId } = context;
  const command = `apply_patch: ${describeFiles(files)}`;
  const reason = `${sandboxSays}; approving lets this patch edit ${files.length === 1 ? 'this file' : `these ${files.length} files`} in ${cwd} (.git and .trellis stay read-only)`;
  // "For this session" covers every later patch inside the opened folder, not only this exact one.
  const decision = await context.approvals.decide(
    { callId, command, cwd, reason, rememberAs: `apply_patch in ${context.cwd}` },
    () => context.emit({ type: 'approval.requested', turn, callId, command, cwd, reason, subject: 'patch' }),
  );
  await context.emit({ type: 'approval.decided', turn, callId, decision });
  if (decision === 'denied')
    return { kind: 'refused', message: `You denied writing ${describeFiles(files)} (${sandboxSays}).` };
  return { kind: 'approved' };
}

function refusalSentence(files: string[], sandboxSays: string, context: ToolContext): string {
  const what = `apply_patch may not write ${describeFiles(files)}: ${sandboxSays}`;
  if (context.canAsk) {
    return `${what} and approval_policy is "never", so nobody is asked; set sandbox_mode = "workspace-write" (or approval_policy = "on-request", to be asked) in config.toml.`;
  }
  return `${what} and nobody can be asked here; pass -s workspace-write (or set sandbox_mode = "workspace-write" in config.toml) to let it edit ${context.cwd}.`;
}

function describeFiles(files: string[]): string {
  if (files.length <= 3) return files.join(', ');
  return `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
}
