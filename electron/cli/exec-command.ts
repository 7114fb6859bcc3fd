import fs from 'node:fs/promises';
import path from 'node:path';
import type { SessionEvent } from '../contract';
import type { Approver } from '../core/approvals/approval-policy';
import { ExpectedFailure } from '../core/errors/expected-failure';
import { trellisHome } from '../core/config/trellis-home';
import { readGitInfo } from '../core/git/git-info';
import { AgentSession } from '../core/session/agent-session';
import { findSession, listSessions } from '../core/session/list-sessions';
import { prepareSession } from '../core/session/prepare-session';
import { writeOutputFile } from '../core/security/output-file';
import { resolveFolder } from '../core/workspace/resolve-folder';
import { goalFlags, runHeadlessGoal } from './exec-goal';
import { jsonLine, progressLine } from './exec-output';
import { packageInfo } from './package-info';
import type { PatchReviewer } from '../core/tools/patch-review';

export interface ExecOptions {
  json?: boolean;
  outputSchema?: string;
  outputLastMessage?: string;
  ephemeral?: boolean;
  sandbox?: string;
  askForApproval?: string;
  fullAuto?: boolean;
  model?: string;
  profile?: string;
  cd?: string;
  config?: string[];
  ignoreUserConfig?: boolean;
  skipGitRepoCheck?: boolean;
  interactive?: boolean;
  trustAllTools?: boolean;
  trustTools?: string;
  trustAllHooks?: boolean;
  /** Pursue this objective over continuation turns until it is complete, blocked or out of budget. */
  goal?: string;
  tokenBudget?: string;
  /** Plan mode: the agent reads and proposes a plan, changing nothing; the plan is the last message. */
  plan?: boolean;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** A usage problem: like every expected failure before the turn (config, folder, sandbox), one line on stderr, exit 2. */
class UsageError extends ExpectedFailure {
  constructor(message: string) {
    super('usage', message);
  }
}

const SHELL_TOOL_NAMES = ['exec_command', 'shell', 'execute_bash'];

/** `trellis exec [PROMPT|-]` and `trellis exec resume [--last|ID] [PROMPT]`: one task, headless, never prompting. */
export async function execCommand(
  promptArg: string | undefined,
  options: ExecOptions,
  resume?: { id?: string; last?: boolean },
): Promise<number> {
  const home = trellisHome();
  const write = (line: string | null, to: NodeJS.WriteStream) => line !== null && to.write(line + '\n');
  try {
    const cwd = await resolveFolder(path.resolve(options.cd ?? '.'));
    if (!options.skipGitRepoCheck && !(await readGitInfo(cwd))) {
      throw new UsageError(
        `${cwd} is not inside a git repository; commit your work first, or pass --skip-git-repo-check.`,
      );
    }
    const goal = goalFlags(options.goal, options.tokenBudget);
    // A goal needs no prompt: its first continuation turn starts the work.
    const prompt = goal && promptArg === undefined ? null : await readPrompt(promptArg);
    const outputSchema = options.outputSchema ? await readSchema(options.outputSchema) : undefined;
    const controller = new AbortController();
    // The first Ctrl-C stops the turn cleanly (stream aborted, commands killed); a second one does not wait.
    const interrupt = () => (controller.signal.aborted ? process.exit(EXIT.interrupted) : controller.abort());
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);

    const prepared = await prepareSession({
      home,
      cwd,
      profile: options.profile,
      overrides: flagOverrides(options),
      ignoreUserConfig: options.ignoreUserConfig,
      approver: approverFor(options),
      reviewer: reviewerFor(options),
      source: 'exec',
      outputSchema,
      ephemeral: options.ephemeral,
      appVersion: packageInfo().version,
      trustAllHooks: options.trustAllHooks,
      onEvent: (event: SessionEvent) =>
        write(options.json ? jsonLine(event) : progressLine(event), options.json ? process.stdout : process.stderr),
    });
    for (const warning of prepared.warnings) process.stderr.write(`trellis: warning: ${warning}\n`);

    let session: AgentSession;
    if (resume) {
      const file = resume.id ? await findSession(home, resume.id) : await lastSession(home, cwd);
      if (!file) {
        await prepared.options.mcp?.close();
        throw new UsageError(
          resume.id ? `no session ${resume.id} under ${home}/sessions` : `no session to resume under ${home}/sessions`,
        );
      }
      session = await AgentSession.resume(file, prepared.options);
    } else {
      session = await AgentSession.create(prepared.options);
    }
    if (options.plan) await session.setMode('plan');
    const { result, problem } = goal
      ? await runHeadlessGoal(session, goal, prompt, controller.signal)
      : { result: await session.runTurn(prompt!, controller.signal), problem: null };
    await session.close();

    if (result.status === 'interrupted') return EXIT.interrupted;
    if (result.status !== 'completed') {
      process.stderr.write(`trellis exec: ${result.error}\n`);
      return EXIT.failed;
    }
    // Plan mode's answer is its plan: the words around the block are progress, like the turn's other messages.
    const final = result.plan ?? result.finalMessage ?? '';
    if (outputSchema) {
      const invalid = await validateAgainst(outputSchema, final);
      if (invalid) {
        process.stderr.write(`trellis exec: the final answer does not match --output-schema: ${invalid}\n`);
        return EXIT.failed;
      }
    }
    if (options.outputLastMessage) {
      // Through a temporary file and a rename: a symlink the agent planted at that name is replaced, never followed.
      const failed = await writeOutputFile(options.outputLastMessage, final, { workspace: cwd }).then(
        () => null,
        (err: Error) => err.message,
      );
      if (failed) {
        process.stderr.write(`trellis exec: cannot write ${options.outputLastMessage}: ${failed}\n`);
        return EXIT.failed;
      }
    }
    if (!options.json) process.stdout.write(final.endsWith('\n') || !final ? final : `${final}\n`);
    if (problem) {
      process.stderr.write(`trellis exec: ${problem}\n`);
      return EXIT.failed;
    }
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ExpectedFailure) {
      process.stderr.write(`trellis exec: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
}

/** Flags are config overrides with Codex's keys, so they layer exactly like `-c`. */
function flagOverrides(options: ExecOptions): string[] {
  const overrides = [...(options.config ?? [])];
  if (options.fullAuto) overrides.push('sandbox_mode="workspace-write"', 'approval_policy="on-request"');
  if (options.sandbox) overrides.push(`sandbox_mode=${JSON.stringify(options.sandbox)}`);
  if (options.askForApproval) overrides.push(`approval_policy=${JSON.stringify(options.askForApproval)}`);
  if (options.model) overrides.push(`model=${JSON.stringify(options.model)}`);
  return overrides;
}

/** exec never prompts. Kiro's --trust-all-tools and --trust-tools answer yes for the tools they name. */
function approverFor(options: ExecOptions): Approver {
  const trusted = (options.trustTools ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (options.trustAllTools) return async () => 'approved';
  const shell = trusted.some((t) => SHELL_TOOL_NAMES.includes(t));
  // An MCP tool is trusted by its qualified name (mcp__server__tool), as the model sees it.
  return async (request) =>
    (request.mcp ? trusted.includes(request.mcp.qualifiedName) : shell) ? 'approved' : 'denied';
}

/** Edits held for review (under untrusted) are written whole when apply_patch is trusted; otherwise refused. */
function reviewerFor(options: ExecOptions): PatchReviewer | undefined {
  const trusted = (options.trustTools ?? '').split(',').map((t) => t.trim());
  if (!options.trustAllTools && !trusted.includes('apply_patch')) return undefined;
  return async (request) => ({
    decisions: Object.fromEntries(request.files.map((f) => [f.path, 'accept' as const])),
    comments: [],
  });
}

async function readPrompt(arg: string | undefined): Promise<string> {
  if (arg !== undefined && arg !== '-') {
    if (!arg.trim()) throw new UsageError('the prompt is empty.');
    return arg;
  }
  if (process.stdin.isTTY) throw new UsageError('no prompt: give it as an argument, or pipe it in with `-`.');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw new UsageError('the prompt read from stdin is empty.');
  return text;
}

async function readSchema(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read --output-schema ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--output-schema ${file} is not JSON: ${(err as Error).message}`);
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    throw new UsageError(`--output-schema ${file} must hold a JSON Schema object.`);
  const { Ajv } = await import('ajv'); // only runs that ask for a schema pay for the validator
  try {
    new Ajv({ strict: false }).compile(schema);
  } catch (err) {
    throw new UsageError(`--output-schema ${file} is not a valid JSON Schema: ${(err as Error).message}`);
  }
  return schema as Record<string, unknown>;
}

/** null when `answer` is JSON valid against the schema, else the first reason it is not. */
async function validateAgainst(schema: Record<string, unknown>, answer: string): Promise<string | null> {
  let value: unknown;
  try {
    value = JSON.parse(answer);
  } catch {
    return `it is not JSON: ${JSON.stringify(answer.slice(0, 200))}`;
  }
  const { Ajv } = await import('ajv');
  const validate = new Ajv({ strict: false, allErrors: false }).compile(schema);
  if (validate(value)) return null;
  const error = validate.errors?.[0];
  return `${error?.instancePath || '(root)'} ${error?.message ?? 'is invalid'}`;
}

/** The newest session started in this folder, else the newest of all. */
async function lastSession(home: string, cwd: string): Promise<string | null> {
  const sessions = await listSessions(home, 200);
  return (sessions.find((s) => s.cwd === cwd) ?? sessions[0])?.file ?? null;
}
