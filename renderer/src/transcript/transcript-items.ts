import { withoutProposedPlan, type PlanStep, type SessionEvent } from '../../../electron/contract';
import { joinsMoment, withCompletedRun, withStartedRun, type HookMomentItem } from './transcript-hook-items';
import { questionsId, questionsItem, withResult, type QuestionsItem } from './transcript-question-items';

type McpApproval = NonNullable<Extract<SessionEvent, { type: 'approval.requested' }>['mcp']>;

export type TranscriptItem =
  | {
      kind: 'prompt';
      id: string;
      text: string;
      /** Files and MCP resources attached to the prompt: named here (a hint says where from), their text went to the model. */
      attachments?: { name: string; title: string }[];
      /** Typed while the agent worked, and given to it at its next model request. */
      steered?: boolean;
    }
  /** A prompt Trellis wrote (a spec stage's instructions): a system step, folded, never shown as the person's. */
  | { kind: 'step'; id: string; title: string; text: string }
  | { kind: 'retry'; id: string; text: string }
  | { kind: 'message'; id: string; text: string; streaming: boolean }
  | {
      kind: 'command';
      id: string;
      command: string;
      cwd: string;
      output: string;
      exitCode: number | null;
      running: boolean;
      declined: boolean;
      timedOut: boolean;
    }
  | { kind: 'patch'; id: string; success: boolean; changes: { path: string; kind: string }[]; error?: string }
  | { kind: 'plan'; id: string; steps: PlanStep[]; explanation?: string }
  /** A plan-mode answer's `<proposed_plan>`: a card to implement, refine or save; `superseded` once a later one came. */
  | { kind: 'proposed-plan'; id: string; turn: number; plan: string; superseded: boolean }
  | {
      kind: 'approval';
      id: string;
      callId: string;
      command: string;
      cwd: string;
      reason?: string;
      subject: 'command' | 'patch' | 'mcp-tool';
      /** For an MCP tool: the server, the tool, its declared hints and the arguments (JSON text). */
      mcp?: McpApproval;
      /** Whether "for this session" means anything (not for an MCP tool that asks every time). */
      rememberable: boolean;
      decision: string | null;
    }
  | {
      kind: 'mcp-call';
      id: string;
      server: string;
      tool: string;
      /** JSON text, as the model sent it. */
      arguments: string;
      running: boolean;
      isError: boolean;
      durationMs: number | null;
      output: string;
    }
  | HookMomentItem
  | QuestionsItem
  /** A repository's hooks were not run because they are not trusted: said once, with the way to review them. */
  | { kind: 'hooks-untrusted'; id: string; text: string }
  | { kind: 'notice'; id: string; text: string; tone: 'error' | 'info' }
  /** The conversation was summarised: what is sent from here on starts from the summary. */
  | {
      kind: 'compaction';
      id: string;
      trigger: 'manual' | 'auto';
      summary: string;
      tokensBefore: number;
      tokensAfter: number;
    };

/**
 * Folds session events into what the transcript shows, incrementally: a
 * 10,000-event session is folded once, and each new batch touches only the
 * items it changes.
 */
export class TranscriptBuilder {
  items: TranscriptItem[] = [];
  private index = new Map<string, number>();
  /** The spec stage being written, which names the workflow's next step. */
  private stage: { stage: string; file: string } | null = null;
  /** What the person last decided on that stage: the next stage prompt revises or rewrites it. */
  private lastDecision: 'request-changes' | 'regenerate' | null = null;
  /** The last completed message, whose `<proposed_plan>` block becomes a card of its own; and the last such card. */
  private lastMessageId: string | null = null;
  private lastPlanId: string | null = null;
  /** The session's folder: hook files inside it are shown relative to it. */
  private cwd: string | null = null;
  /** Which moment entry each hook run is in (by runId). */
  private hookMoment = new Map<string, string>();
  /** Questions shown as a form and not yet settled by their call's result. */
  private openQuestions = new Set<string>();

  apply(events: SessionEvent[]): TranscriptItem[] {
    let changed = false;
    for (const event of events) changed = this.applyOne(event) || changed;
    if (changed) this.items = [...this.items];
    return this.items;
  }

  private put(item: TranscriptItem): boolean {
    const at = this.index.get(item.id);
    if (at === undefined) {
      this.index.set(item.id, this.items.length);
      this.items.push(item);
    } else {
      this.items[at] = item;
    }
    return true;
  }

  private get<K extends TranscriptItem['kind']>(id: string, kind: K): Extract<TranscriptItem, { kind: K }> | undefined {
    const at = this.index.get(id);
    const item = at === undefined ? undefined : this.items[at];
    return item?.kind === kind ? (item as Extract<TranscriptItem, { kind: K }>) : undefined;
  }

  /** Removes the items at the end that match, to be put back after another (their ids and runs unchanged). */
  private takeTrailing(matches: (item: TranscriptItem) => boolean): TranscriptItem[] {
    const taken: TranscriptItem[] = [];
    for (let last = this.items.at(-1); last && matches(last); last = this.items.at(-1)) {
      this.items.pop();
      this.index.delete(last.id);
      taken.unshift(last);
    }
    return taken;
  }

  /** The person's prompt, or the step Trellis wrote (a spec stage, a goal's continuation), that starts a turn. */
  private promptItem(e: Extract<SessionEvent, { type: 'turn.started' }>): TranscriptItem {
    if (e.origin === 'workflow') {
      const verb =
        this.lastDecision === 'request-changes'
          ? 'revise'
          : this.lastDecision === 'regenerate'
            ? 'write again'
            : 'write';
      const title = this.stage
        ? `Spec workflow: the agent is asked to ${verb} ${this.stage.file.split('/').pop()}`
        : 'Spec workflow step';
      this.lastDecision = null;
      return { kind: 'step', id: `prompt-${e.seq}`, title, text: e.prompt };
    }
    if (e.origin === 'hook')
      return {
        kind: 'step',
        id: `prompt-${e.seq}`,
        title: "Hook: a hook's prompt is sent to the agent",
        text: e.prompt,
      };
    if (e.origin === 'goal')
      return { kind: 'step', id: `prompt-${e.seq}`, title: 'Goal: Trellis asks the agent to go on', text: e.prompt };
    return {
      kind: 'prompt',
      id: `prompt-${e.seq}`,
      text: e.prompt,
      ...(e.attachments?.length
        ? {
            attachments: e.attachments.map((a) =>
              'kind' in a
                ? { name: a.path, title: `${a.path} (file in the repository)` }
                : { name: a.name, title: `${a.uri} (MCP ${a.server})` },
            ),
          }
        : {}),
    };
  }

  private closeQuestions(): void {
    for (const id of this.openQuestions) {
      const open = this.get(id, 'questions');
      if (open) this.put({ ...open, withdrawn: 'Not answered: the session ended while these waited.' });
    }
    this.openQuestions.clear();
  }

  private applyOne(e: SessionEvent): boolean {
    switch (e.type) {
      case 'session.started':
        this.cwd = e.cwd;
        return false;
      case 'hook.started': {
        const last = this.items.at(-1);
        const moment = withStartedRun(joinsMoment(last, e) ? last : undefined, e, this.cwd);
        this.hookMoment.set(e.runId, moment.id);
        return this.put(moment);
      }
      case 'hook.completed': {
        const id = this.hookMoment.get(e.runId);
        const moment = withCompletedRun(id === undefined ? undefined : this.get(id, 'hooks'), e, this.cwd);
        this.hookMoment.set(e.runId, moment.id);
        return this.put(moment);
      }
      case 'spec.started':
        return this.put({ kind: 'prompt', id: `prompt-${e.seq}`, text: e.idea });
      case 'spec.stage':
        if (e.state === 'writing') this.stage = { stage: e.stage, file: e.file };
        else this.lastDecision = null;
        return false;
      case 'spec.decision':
        this.lastDecision = e.decision === 'approve' ? null : e.decision;
        return false;
      case 'turn.started': {
        // A question still open when another turn starts was never answered (the process ended while it waited).
        this.closeQuestions();
        // UserPromptSubmit hooks run before their turn is logged: they are shown after the prompt they ran on.
        const held = this.takeTrailing(
          (i) => i.kind === 'hooks' && i.event === 'UserPromptSubmit' && i.turn === e.turn,
        );
        this.put(this.promptItem(e));
        for (const item of held) this.put(item);
        return true;
      }
      case 'message.delta': {
        const id = `msg-${e.itemId}`;
        const current = this.get(id, 'message');
        return this.put({ kind: 'message', id, text: (current?.text ?? '') + e.text, streaming: true });
      }
      case 'prompt.steered':
        return this.put({ kind: 'prompt', id: `steer-${e.seq}`, text: e.prompt, steered: true });
      case 'input.requested':
        this.openQuestions.add(questionsId(e.callId));
        return this.put(questionsItem(e));
      case 'tool.result': {
        const asked = this.get(questionsId(e.callId), 'questions');
        this.openQuestions.delete(questionsId(e.callId));
        return asked ? this.put(withResult(asked, e)) : false;
      }
      case 'message.completed':
        this.lastMessageId = `msg-${e.itemId}`;
        return this.put({ kind: 'message', id: `msg-${e.itemId}`, text: e.text, streaming: false });
      case 'mode.changed':
        return this.put({
          kind: 'notice',
          id: `notice-${e.seq}`,
          text:
            e.mode === 'plan'
              ? 'Plan mode on: the agent reads and proposes a plan; Trellis keeps it from changing anything.'
              : 'Plan mode off: the agent may change files again.',
          tone: 'info',
        });
      case 'plan.proposed':
        return this.proposedPlan(e.seq, e.turn, e.plan);
      case 'approval.requested':
        return this.put({
          kind: 'approval',
          id: `approval-${e.callId}`,
          callId: e.callId,
          command: e.command,
          cwd: e.cwd,
          reason: e.reason,
          subject: e.subject ?? 'command',
          ...(e.mcp ? { mcp: e.mcp } : {}),
          rememberable: e.rememberable ?? true,
          decision: null,
        });
      case 'approval.decided': {
        const current = this.get(`approval-${e.callId}`, 'approval');
        return current ? this.put({ ...current, decision: e.decision }) : false;
      }
      case 'exec.started':
        return this.put({
          kind: 'command',
          id: `cmd-${e.callId}`,
          command: e.command,
          cwd: e.cwd,
          output: '',
          exitCode: null,
          running: true,
          declined: false,
          timedOut: false,
        });
      case 'exec.output': {
        const current = this.get(`cmd-${e.callId}`, 'command');
        return current ? this.put({ ...current, output: current.output + e.chunk }) : false;
      }
      case 'exec.completed':
        return this.put({
          kind: 'command',
          id: `cmd-${e.callId}`,
          command: e.command,
          cwd: e.cwd,
          output: e.output,
          exitCode: e.exitCode,
          running: false,
          declined: e.declined ?? false,
          timedOut: e.timedOut,
        });
      case 'patch.applied':
        return this.put({
          kind: 'patch',
          id: `patch-${e.callId}`,
          success: e.success,
          changes: e.changes,
          error: e.error,
        });
      case 'review.requested': {
        const hunks = e.files.reduce((n, f) => n + Math.max(f.hunks.length, 1), 0);
        return this.put({
          kind: 'notice',
          id: `review-${e.callId}`,
          text: `A patch of ${e.files.length} file(s), ${hunks} hunk(s), waits for your review in Review changes.`,
          tone: 'info',
        });
      }
      case 'review.decided': {
        const applied = (e.outcome ?? []).filter((f) => f.status !== 'rejected').length;
        const text = e.error
          ? `The reviewed patch was not written: ${e.error}`
          : `Review done: ${applied} of ${(e.outcome ?? []).length} file(s) written${e.comments.length ? `, ${e.comments.length} comment(s) sent to the agent` : ''}.`;
        return this.put({ kind: 'notice', id: `review-${e.callId}`, text, tone: e.error ? 'error' : 'info' });
      }
      case 'mcp.call.started':
      case 'mcp.call.completed': {
        const done = e.type === 'mcp.call.completed';
        return this.put({
          kind: 'mcp-call',
          id: `mcp-${e.callId}`,
          server: e.server,
          tool: e.tool,
          arguments: e.arguments,
          running: !done,
          isError: done && e.isError,
          durationMs: done ? e.durationMs : null,
          output: done ? e.output : '',
        });
      }
      case 'mcp.server':
        // Only what the person should act on or know: a connected or starting server is the MCP pane's news.
        if (e.state === 'failed' || e.state === 'needs-auth' || e.state === 'untrusted')
          return this.put({
            kind: 'notice',
            id: `notice-${e.seq}`,
            text: mcpServerNotice(e.server, e.state, e.error),
            tone: e.state === 'failed' ? 'error' : 'info',
          });
        return false;
      case 'goal.updated':
        // Where the pursuit ended, in the conversation's order; the goal bar above shows the goal as it is now.
        if (e.state === 'active' || e.state === 'cleared') return false;
        return this.put({
          kind: 'notice',
          id: `notice-${e.seq}`,
          text: `Goal ${e.state.replace('-', ' ')}${e.note ? `: ${e.note}` : '.'}`,
          tone: e.state === 'blocked' ? 'error' : 'info',
        });
      case 'plan.updated':
        return this.put({ kind: 'plan', id: `plan-${e.callId}`, steps: e.steps, explanation: e.explanation });
      case 'turn.failed':
        return this.put({
          kind: 'notice',
          id: `notice-${e.seq}`,
          text: e.error,
          tone: e.reason === 'interrupted' || e.reason === 'hook' ? 'info' : 'error',
        });
      case 'compaction.completed':
        return this.put({
          kind: 'compaction',
          id: `compaction-${e.seq}`,
          trigger: e.trigger,
          summary: e.summary,
          tokensBefore: e.tokensBefore,
          tokensAfter: e.tokensAfter,
        });
      case 'error':
        if (e.about === 'untrusted-hooks')
          return this.put({ kind: 'hooks-untrusted', id: `notice-${e.seq}`, text: e.message });
        if (e.willRetry) return this.put({ kind: 'retry', id: `notice-${e.seq}`, text: e.message });
        return this.put({ kind: 'notice', id: `notice-${e.seq}`, text: e.message, tone: 'error' });
      default:
        return false;
    }
  }

  /** The plan leaves the message it was written in (the words around it stay) and becomes a card. */
  private proposedPlan(seq: number, turn: number, plan: string): boolean {
    const message = this.lastMessageId ? this.get(this.lastMessageId, 'message') : undefined;
    if (message) this.put({ ...message, text: withoutProposedPlan(message.text) });
    const previous = this.lastPlanId ? this.get(this.lastPlanId, 'proposed-plan') : undefined;
    if (previous) this.put({ ...previous, superseded: true });
    this.lastPlanId = `proposed-plan-${seq}`;
    return this.put({ kind: 'proposed-plan', id: this.lastPlanId, turn, plan, superseded: false });
  }
}

function mcpServerNotice(server: string, state: 'failed' | 'needs-auth' | 'untrusted', error?: string): string {
  if (state === 'failed') return `MCP server ${server} failed${error ? `: ${error}` : '.'}`;
  if (state === 'needs-auth') return `MCP server ${server} needs you to sign in (Authenticate in MCP servers).`;
  return `MCP server ${server} was not started: the repository that defines it is not trusted.`;
}
