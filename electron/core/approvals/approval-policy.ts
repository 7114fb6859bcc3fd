import path from 'node:path';
import { readOnlyProblem } from './read-only-commands';
import { parseCommandLine } from './shell-words';

export type ApprovalPolicy = 'untrusted' | 'on-request' | 'on-failure' | 'never';
export type ApprovalDecision = 'approved' | 'approved-for-session' | 'denied';

export interface ApprovalRequest {
  callId: string;
  command: string;
  cwd: string;
  reason?: string;
  /** What "approve for this session" remembers (default: the exact command text). */
  rememberAs?: string;
  /** An MCP tool call: the server, the tool (own and qualified name), what the server says of it, the arguments (JSON). */
  mcp?: {
    server: string;
    tool: string;
    qualifiedName: string;
    arguments: string;
    annotations?: { title?: string; readOnlyHint?: boolean; destructiveHint?: boolean; openWorldHint?: boolean };
  };
}

/** Who answers an approval request: a person in the window, or exec's automatic refusal. */
export type Approver = (request: ApprovalRequest) => Promise<ApprovalDecision>;

/**
 * Why a command line is not known to only read (so `untrusted` asks), or null when it is: the words
 * are judged as the shell will pass them, and each program only with options known to only read.
 */
export interface CommandPlace {
  /** The command runs in another folder than the session's working folder. */
  outsideWorkingFolder?: boolean;
  /** A PATH entry the repository or the agent could fill (relative, empty, or inside the working folder). */
  plantablePathEntry?: string;
}

export function notKnownSafeBecause(command: string, where: CommandPlace = {}): string | null {
  const parsed = parseCommandLine(command);
  if (!parsed.ok) return `the shell would do more than run programs: ${parsed.reason}`;
  // A program found there is whatever the repository shipped under that name, not the ls or git judged here.
  if (where.plantablePathEntry !== undefined)
    return `PATH lists ${where.plantablePathEntry || 'an empty entry (the current folder)'}, where a program could stand in for the one named`;
  let moved = where.outsideWorkingFolder ?? false;
  for (const argv of parsed.commands) {
    const problem = readOnlyProblem(argv);
    if (problem) return problem;
    // git obeys the configuration of the repository it finds (diff.external, core.fsmonitor, gpg.program...):
    // only the person's own repository, at the working folder, is trusted that far, not one planted below it.
    if (argv[0].text === 'git' && moved)
      return 'git run in another folder than the working folder reads a repository configuration you did not open';
    if (argv[0].text === 'cd') moved = true;
  }
  return null;
}

export function isKnownSafe(command: string, where: CommandPlace = {}): boolean {
  return notKnownSafeBecause(command, where) === null;
}

/** The first PATH entry that is relative, empty (the current folder) or inside `workingFolder`, if any. */
export function plantablePathEntry(pathVariable: string | undefined, workingFolder: string): string | undefined {
  if (!pathVariable) return undefined; // bash then searches its own default, never the current folder
  const root = path.resolve(workingFolder);
  return pathVariable
    .split(path.delimiter)
    .find(
      (entry) =>
        !path.isAbsolute(entry) || path.resolve(entry) === root || path.resolve(entry).startsWith(root + path.sep),
    );
}

/** Whether a command must be approved before it runs (the sandbox issue adds escalation for `on-request`). */
export function needsApproval(policy: ApprovalPolicy, command: string): boolean {
  return policy === 'untrusted' && !isKnownSafe(command);
}

/** Why a policy holds every patch for a person's review, or null when that is the person's choice. */
export function reviewForcedBy(policy: string): string | null {
  return policy === 'untrusted' ? 'approval_policy = "untrusted" in config.toml reviews every edit.' : null;
}

/** Answers for the person before they are asked (PermissionRequest hooks), or null to ask them. */
export type PreAnswer = (request: ApprovalRequest) => Promise<'approved' | 'denied' | null>;

/** Remembers "approve for this session" answers, by exact command text. */
export class SessionApprovals {
  private readonly approved = new Set<string>();

  constructor(
    private readonly approver: Approver,
    private readonly preAnswer?: PreAnswer,
  ) {}

  /**
   * The decision on one request. `announce` logs the approval card: it is called only when the person is asked (or a
   * remembered answer stands in for them), never when a PermissionRequest hook answered first.
   */
  async decide(request: ApprovalRequest, announce?: () => Promise<unknown>): Promise<ApprovalDecision> {
    const key = request.rememberAs ?? request.command;
    if (this.approved.has(key)) {
      await announce?.();
      return 'approved-for-session';
    }
    const answered = await this.preAnswer?.(request);
    if (answered) return answered;
    await announce?.();
    const decision = await this.approver(request);
    if (decision === 'approved-for-session') this.approved.add(key);
    return decision;
  }
}

/** exec never prompts: anything that needs a person is refused back to the model with the reason. */
export const refuseAll: Approver = async () => 'denied';
