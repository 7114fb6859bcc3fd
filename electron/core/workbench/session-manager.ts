import type {
  SessionStatus,
  ReviewAnswer,
  ReviewFile,
  ReviewFileEntry,
  SessionEvent,
  SessionEventBody,
  SessionSettings,
  SessionSummaryInfo,
  TurnAttachment,
  Usage,
  WorkbenchEvent,
} from '../../contract';
import { reviewForcedBy } from '../approvals/approval-policy';
import { ExpectedFailure } from '../errors/expected-failure';
import { loadConfig } from '../config/load-config';
import type { ChangeDetail } from '../review/change-review';
import type { PatchReviewRequest } from '../tools/patch-review';
import type { StageDecision } from '../specs/workflow/spec-workflow';
import { ZERO_USAGE } from '../../contract';
import type { ApprovalDecision } from '../approvals/approval-policy';
import type { SecretStore } from '../config/secret-store';
import type { McpManager } from '../mcp/mcp-types';
import { AgentSession } from '../session/agent-session';
import { findSession, listSessions } from '../session/list-sessions';
import { pursueGoal } from '../session/goal-pursuit';
import { prepareSession } from '../session/prepare-session';
import type { SessionMode } from '../session/session-mode';
import { configuredModel, type ModelChoice } from '../session/session-model';
import { savePlanAsSpec } from './save-plan-as-spec';
import { PendingQuestions } from '../questions/pending-questions';
import type { UserAnswers } from '../questions/user-questions';
import { readSessionLog } from '../session/read-session-log';
import { SessionTurnChanges } from './session-turn-changes';
import { createSpecFolder, runSpecStages, withWritableFolder, type SpecRequest } from './spec-workflow-session';

type GoalAction = 'set' | 'pause' | 'resume' | 'clear';

interface LiveSession {
  session: AgentSession;
  workspaceId: string;
  controller: AbortController | null;
  approvals: Map<string, (decision: ApprovalDecision) => void>;
  /** Patches waiting for the person's review, by call id. */
  reviews: Map<string, PendingReview>;
  /** request_user_input's questions waiting for the person's answers. */
  questions: PendingQuestions;
  /** Its turns as changes to review, revert, undo and redo. */
  changes: SessionTurnChanges;
  /** A spec workflow's stage waiting for the person's decision. */
  stageDecision?: (decision: StageDecision) => void;
  /** The turn running now, settled when it ends (a hook's prompt waits for it). */
  turn?: Promise<void>;
}

interface PendingReview {
  request: PatchReviewRequest;
  resolve: (answer: ReviewAnswer) => void;
}

/**
 * The agent sessions of the window: started, resumed, prompted, interrupted
 * and approved through the contract. Turns run in the background; the
 * renderer follows them through session events.
 */
export class SessionManager {
  private readonly live = new Map<string, LiveSession>();
  /** Per workspace, the session the person chose for hooks, and the one last prompted: where hook prompts go. */
  private readonly chosenForHooks = new Map<string, string>();
  private readonly lastPrompted = new Map<string, string>();
  /** Closing: messages still queued are not started as new turns. */
  private closing = false;

  constructor(
    private readonly home: string,
    private readonly broadcast: (event: WorkbenchEvent) => void,
    private readonly log: (message: string) => void,
    private readonly secrets?: SecretStore,
    /** The workspace's MCP servers the window already runs: its sessions call the same clients the MCP pane shows. */
    private readonly mcpFor: (workspaceId: string) => Promise<McpManager | null> = async () => null,
  ) {}

  async list(root: string): Promise<SessionSummaryInfo[]> {
    const sessions = await listSessions(this.home, 200);
    return sessions.filter((s) => s.cwd === root).map(({ file: _file, ...summary }) => summary);
  }

  /** What a new session starts with, from config.toml; a mistake there comes back as its one-sentence error. */
  async settings(): Promise<SessionSettings> {
    const { config } = await loadConfig({ home: this.home });
    return {
      approvalPolicy: config.approval_policy,
      sandboxMode: config.sandbox_mode,
      reviewEditsForcedBy: reviewForcedBy(config.approval_policy),
      ...configuredModel(config),
    };
  }

  /** What the session runs with now (/status, the context meter). */
  status(sessionId: string): SessionStatus {
    return this.get(sessionId).session.status;
  }

  /** /model: the session's next requests go to this model (its provider's), with this effort. */
  async setModel(sessionId: string, choice: ModelChoice): Promise<SessionStatus> {
    const { session } = this.get(sessionId);
    await session.setModel(choice);
    return session.status;
  }

  async start(
    workspaceId: string,
    root: string,
    prompt: string,
    settings: { reviewEdits?: boolean; attachments?: TurnAttachment[]; mode?: SessionMode; model?: ModelChoice } = {},
  ): Promise<string> {
    const live = await this.open(workspaceId, root, (options) =>
      AgentSession.create({ ...options, reviewEdits: settings.reviewEdits }),
    );
    if (settings.mode) await live.session.setMode(settings.mode);
    if (settings.model) await live.session.setModel(settings.model);
    this.run(live, prompt, settings.attachments);
    return live.session.id;
  }

  async resume(
    workspaceId: string,
    root: string,
    sessionId: string,
  ): Promise<{ sessionId: string; events: SessionEvent[] }> {
    const existing = this.live.get(sessionId);
    const file = existing?.session.log.file ?? (await findSession(this.home, sessionId));
    if (!file) throw new ExpectedFailure('not-found', `There is no session ${sessionId}.`);
    const { events } = await readSessionLog(file);
    if (!existing) await this.open(workspaceId, root, (options) => AgentSession.resume(file, options));
    return { sessionId, events };
  }

  /** `attachments`: MCP resources the workbench read for this turn (Node reads them; a window only names them). */
  send(sessionId: string, prompt: string, attachments?: TurnAttachment[]): void {
    const live = this.get(sessionId);
    if (live.controller)
      throw new ExpectedFailure('busy', 'The agent is still working on the last prompt; stop it or wait.');
    this.run(live, prompt, attachments);
  }

  /**
   * A hook's prompt as a turn of the workspace's hook session (the one the person chose for hooks or last
   * prompted), after the turn it is running, if any; none open: a new session. `turnDone` settles when it ends.
   */
  async promptForHook(
    workspaceId: string,
    root: string,
    prompt: string,
  ): Promise<{ sessionId: string; turnDone: Promise<void> }> {
    let live = this.live.get(this.hookSession(workspaceId) ?? '');
    while (live?.controller && live.turn) await live.turn;
    if (live?.controller) live = undefined; // a spec workflow at work: not a conversation to add to
    live ??= await this.open(workspaceId, root, (options) => AgentSession.create(options));
    return { sessionId: live.session.id, turnDone: this.run(live, prompt, undefined, 'hook') };
  }

  /** The open session hook work of the workspace goes to, if any. */
  hookSession(workspaceId: string): string | undefined {
    return [this.chosenForHooks.get(workspaceId), this.lastPrompted.get(workspaceId)].find(
      (id) => id !== undefined && this.live.has(id),
    );
  }

  /** The person chose this session for the workspace's hooks. */
  chooseHookSession(sessionId: string): void {
    this.chosenForHooks.set(this.get(sessionId).workspaceId, sessionId);
  }

  /** Log an event of the session outside its loop (a hook run outside a turn). */
  async record(sessionId: string, body: SessionEventBody): Promise<void> {
    await this.get(sessionId).session.record(body);
  }

  /** The person's word on the session's goal; set and resume start pursuing it at once when the session is idle. */
  async goal(sessionId: string, action: GoalAction, objective?: string, tokenBudget?: number): Promise<void> {
    const live = this.get(sessionId);
    const { goal } = live.session;
    if (action === 'set') {
      if (objective === undefined)
        throw new ExpectedFailure('invalid-params', 'Say what the goal is: /goal <objective> [--budget TOKENS].');
      await goal.set(objective, tokenBudget ?? null, live.session.totalUsage);
    } else if (action === 'pause') await goal.pause();
    else if (action === 'resume') await goal.resume();
    else await goal.clear();
    if (goal.active && !live.controller) void this.run(live, null);
  }

  /** The workspace an open session works in, whose MCP servers its attachments are read from. */
  workspaceOf(sessionId: string): string {
    return this.get(sessionId).workspaceId;
  }

  interrupt(sessionId: string): void {
    const live = this.get(sessionId);
    live.controller?.abort();
    for (const resolve of live.approvals.values()) resolve('denied');
    live.approvals.clear();
    for (const pending of live.reviews.values()) pending.resolve({ decisions: {}, comments: [] });
    live.reviews.clear();
  }

  /** The person's answers to request_user_input's questions; checked against them before anything is sent. */
  answer(sessionId: string, callId: string, answers: UserAnswers): void {
    this.get(sessionId).questions.answer(callId, answers);
  }

  /**
   * A message typed while the agent works: queued for the turn's next model request (its id comes back, to take it
   * back), or with `interrupt` the turn stops and it is the next prompt. Idle: it is sent as a prompt at once.
   */
  steer(sessionId: string, prompt: string, interrupt = false): { queued: string | null } {
    const live = this.get(sessionId);
    if (!live.controller) {
      void this.run(live, prompt);
      return { queued: null };
    }
    const { id } = live.session.steer(prompt);
    if (interrupt) this.interrupt(sessionId);
    return { queued: id };
  }

  unsteer(sessionId: string, steerId: string): void {
    if (!this.get(sessionId).session.unsteer(steerId))
      throw new ExpectedFailure('not-pending', 'That message was already sent to the agent.');
  }

  approve(sessionId: string, callId: string, decision: ApprovalDecision): void {
    const live = this.get(sessionId);
    const resolve = live.approvals.get(callId);
    if (!resolve) throw new ExpectedFailure('not-pending', 'That approval is no longer pending.');
    live.approvals.delete(callId);
    resolve(decision);
  }

  review(sessionId: string, callId: string, answer: ReviewAnswer): void {
    const live = this.get(sessionId);
    const pending = live.reviews.get(callId);
    if (!pending) throw new ExpectedFailure('not-pending', 'That review is no longer pending.');
    live.reviews.delete(callId);
    pending.resolve(answer);
  }

  async reviewFile(
    sessionId: string,
    callId: string,
    path: string,
  ): Promise<{ before: string | null; after: string | null }> {
    const pending = this.get(sessionId).reviews.get(callId);
    if (!pending) throw new ExpectedFailure('not-pending', 'That review is no longer pending.');
    const texts = await pending.request.texts(path);
    if (!texts) throw new ExpectedFailure('not-found', `The proposal has no file ${path}.`);
    return texts;
  }

  /** Create the spec and let the agent write it, stage by stage; the stages wait for `decideSpecStage`. */
  async startSpecWorkflow(workspaceId: string, root: string, spec: SpecRequest): Promise<string> {
    const specDir = await createSpecFolder(root, spec);
    // The person asked for this spec and approves each stage: its folder is writable to the agent's patches
    // whatever the sandbox mode (under untrusted they still wait in Review changes first).
    const live = await this.open(workspaceId, root, (options) =>
      AgentSession.create({ ...options, patchScope: withWritableFolder(options.patchScope, specDir) }),
    );
    runSpecStages(live, root, spec, { broadcast: this.broadcast, log: this.log });
    return live.session.id;
  }

  decideSpecStage(sessionId: string, decision: StageDecision): void {
    const live = this.get(sessionId);
    if (!live.stageDecision) throw new ExpectedFailure('not-pending', 'No spec stage is waiting for a decision.');
    live.stageDecision(decision);
  }

  /** The files changed since the turn began (its checkpoint): paths and kinds at once, counts when asked. */
  async turnChanges(sessionId: string, turn: number, counts = false): Promise<ReviewFileEntry[]> {
    return this.get(sessionId).changes.list(turn, counts);
  }

  /** One file of the turn's changes: its hunks and both sides, loaded when the person opens it. */
  async turnFile(
    sessionId: string,
    turn: number,
    file: { path: string; oldPath?: string; kind: ReviewFile['kind'] },
  ): Promise<ChangeDetail> {
    return this.get(sessionId).changes.file(turn, file);
  }

  /** The folder a turn's change paths are relative to (the repository's top). */
  async turnFolder(sessionId: string, turn: number): Promise<string> {
    return this.get(sessionId).changes.folder(turn);
  }

  /** Put back the turn's start: for everything, one file, or some of a file's hunks. */
  async revert(sessionId: string, turn: number, target: { path?: string; hunks?: number[] }): Promise<void> {
    await this.idle(sessionId).changes.revert(turn, target);
  }

  async undoTurn(sessionId: string, turn: number): Promise<void> {
    await this.idle(sessionId).changes.undo(turn);
  }

  async redoTurn(sessionId: string, turn: number): Promise<void> {
    await this.idle(sessionId).changes.redo(turn);
  }

  setReviewEdits(sessionId: string, on: boolean): void {
    this.get(sessionId).session.reviewEdits = on;
  }

  /** The plan proposed at `turn`, as a Kiro spec in the session's folder (save-plan-as-spec.ts). */
  async savePlanAsSpec(sessionId: string, turn: number, name: string): Promise<{ name: string; files: string[] }> {
    const live = this.get(sessionId);
    return savePlanAsSpec(live.session.log.file, live.session.cwd, turn, name);
  }

  /** Plan mode on or off; a running turn switches at its next model request (session-mode.ts). */
  async setMode(sessionId: string, mode: SessionMode): Promise<void> {
    await this.get(sessionId).session.setMode(mode);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const id of this.live.keys()) this.interrupt(id);
    await Promise.all([...this.live.values()].map((l) => l.session.close()));
    this.live.clear();
  }

  /** A session not running a turn: files are only rewritten under an agent that is not writing them too. */
  private idle(sessionId: string): LiveSession {
    const live = this.get(sessionId);
    if (live.controller) throw new ExpectedFailure('busy', 'The agent is working; stop it or wait before reverting.');
    return live;
  }

  private get(sessionId: string): LiveSession {
    const live = this.live.get(sessionId);
    if (!live) throw new ExpectedFailure('not-found', 'That session is not open; resume it first.');
    return live;
  }

  private async open(
    workspaceId: string,
    root: string,
    make: (options: Awaited<ReturnType<typeof prepareSession>>['options']) => Promise<AgentSession>,
  ): Promise<LiveSession> {
    const approvals = new Map<string, (decision: ApprovalDecision) => void>();
    const reviews = new Map<string, PendingReview>();
    const questions = new PendingQuestions();
    let changes: SessionTurnChanges | undefined;
    const mcpManager = await this.mcpFor(workspaceId);
    const prepared = await prepareSession({
      home: this.home,
      cwd: root,
      source: 'window',
      secrets: this.secrets,
      ...(mcpManager ? { mcpManager } : {}),
      approver: (request) => new Promise((resolve) => approvals.set(request.callId, resolve)),
      reviewer: (request) => new Promise((resolve) => reviews.set(request.callId, { request, resolve })),
      asker: questions.ask,
      onEvent: (event) => {
        if (event.type === 'checkpoint.created') changes?.noteCheckpoint(event.turn, event.commit);
        this.broadcast({ type: 'session.event', workspaceId, sessionId: event.session, event });
      },
    });
    for (const warning of prepared.warnings) this.log(warning);
    const session = await make({ ...prepared.options, checkpoints: true });
    const live: LiveSession = {
      session,
      workspaceId,
      controller: null,
      approvals,
      reviews,
      questions,
      changes: (changes = new SessionTurnChanges(session, root)),
    };
    this.live.set(session.id, live);
    return live;
  }

  /** The prompt's turn (none: only the goal's), then continuation turns while the session's goal stays active. */
  private run(
    live: LiveSession,
    prompt: string | null,
    attachments?: TurnAttachment[],
    origin?: 'hook',
  ): Promise<void> {
    return this.busy(live, async (signal) => {
      if (prompt !== null) await live.session.runTurn(prompt, signal, origin, attachments);
      await pursueGoal(live.session, signal);
    });
  }

  /** `/compact` between turns; it runs like one (the window shows it working, Stop ends it and nothing changes). */
  compact(sessionId: string): void {
    const live = this.get(sessionId);
    if (live.controller) throw new ExpectedFailure('busy', 'The agent is working; stop it or wait, then compact.');
    if (!live.session.hasConversation)
      throw new ExpectedFailure('nothing-to-compact', 'There is no conversation to compact yet.');
    void this.busy(live, async (signal) => void (await live.session.compact(signal)));
  }

  /** Work on the session in the background, told to the window as running until it ends. */
  private busy(live: LiveSession, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const controller = new AbortController();
    live.controller = controller;
    this.lastPrompted.set(live.workspaceId, live.session.id);
    const state = (running: boolean, usage: Usage) =>
      this.broadcast({
        type: 'session.state',
        workspaceId: live.workspaceId,
        sessionId: live.session.id,
        running,
        usage,
      });
    state(true, live.session.totalUsage ?? ZERO_USAGE);
    live.turn = work(controller.signal)
      .then(
        () => {},
        (err) => this.log(`session ${live.session.id} failed: ${(err as Error).stack ?? err}`),
      )
      .finally(() => {
        live.controller = null;
        state(false, live.session.totalUsage);
        // Typed after the turn's last model request (or sent as an interruption): the next prompt, never lost.
        const left = live.session.takeSteered();
        if (left !== null && !this.closing) void this.run(live, left);
      });
    return live.turn;
  }
}
