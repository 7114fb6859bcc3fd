import { readOnlyProblem } from './read-only-commands';
import { parseCommandLine } from './shell-words';

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

/**
 * Why a command line is not known to only read (so `untrusted` asks), or null when it is: the words
 * are judged as the shell will pass them, and each program only with options known to only read.
 */
export function notKnownSafeBecause(command: string, where: { outsideWorkingFolder?: boolean } = {}): string | null {
  const parsed = parseCommandLine(command);
  if (!parsed.ok) return `the shell would do more than run programs: ${parsed.reason}`;
  let moved = where.outsideWorkingFolder ?? false;
  for (const argv of parsed.commands) {
    const problem = readOnlyProblem(argv);
    if (problem) return problem;
    // git obeys the configuration of the repository it finds (diff.external, core.fsmonitor, gpg.program...):
    // only the person's own repository, at the working folder, is trusted that far, not one planted below it.
    if (argv[0].text === 'git' && moved) return 'git run in another folder than the working folder reads a repository configuration you did not open';
    if (argv[0].text === 'cd') moved = true;
  }
  return null;
}

export function isKnownSafe(command: string, where: { outsideWorkingFolder?: boolean } = {}): boolean {
  return notKnownSafeBecause(command, where) === null;
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
