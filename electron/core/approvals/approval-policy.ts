export type ApprovalPolicy = 'untrusted' | 'on-request' | 'on-failure' | 'never';
export type ApprovalDecision = 'approved' | 'approved-for-session' | 'denied';

export interface ApprovalRequest {
  callId: string;
  command: string;
  cwd: string;
  reason?: string;
}

/** Who answers an approval request: a person in the window, or exec's automatic refusal. */
export type Approver = (request: ApprovalRequest) => Promise<ApprovalDecision>;

/** Commands that only read: run without asking even under `untrusted`. */
const SAFE_PROGRAMS = new Set(['ls', 'cat', 'pwd', 'head', 'tail', 'wc', 'echo', 'grep', 'rg', 'which', 'file', 'stat', 'tree', 'du', 'df', 'true', 'false', 'nl', 'sort', 'uniq', 'cut', 'diff']);
const SAFE_GIT = new Set(['status', 'log', 'diff', 'show', 'branch', 'rev-parse', 'ls-files', 'blame']);
/** Anything that chains, redirects or substitutes could do more than the first word says. */
const SHELL_METACHARACTERS = /[;&|<>`$(){}\n\\]/;

export function isKnownSafe(command: string): boolean {
  const trimmed = command.trim();
  if (!trimmed || SHELL_METACHARACTERS.test(trimmed)) return false;
  const [program, sub, ...rest] = trimmed.split(/\s+/);
  if (program === 'git') return SAFE_GIT.has(sub ?? '') && !rest.some((a) => a.startsWith('--output') || a === '-o');
  if (program === 'find') return ![sub, ...rest].some((a) => /^-(exec|execdir|delete|ok|okdir|fprint|fprintf|fls)/.test(a ?? ''));
  return SAFE_PROGRAMS.has(program);
}

/** Whether a command must be approved before it runs (the sandbox issue adds escalation for `on-request`). */
export function needsApproval(policy: ApprovalPolicy, command: string): boolean {
  return policy === 'untrusted' && !isKnownSafe(command);
}

/** Remembers "approve for this session" answers, by exact command text. */
export class SessionApprovals {
  private readonly approved = new Set<string>();

  constructor(private readonly approver: Approver) {}

  async decide(request: ApprovalRequest): Promise<ApprovalDecision> {
    if (this.approved.has(request.command)) return 'approved-for-session';
    const decision = await this.approver(request);
    if (decision === 'approved-for-session') this.approved.add(request.command);
    return decision;
  }
}

/** exec never prompts: anything that needs a person is refused back to the model with the reason. */
export const refuseAll: Approver = async () => 'denied';
