import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SessionEventBody } from '../../../contract';
import type { SpecKind, SpecWorkflow } from '../../../contract/specs';
import type { TurnResult } from '../../session/agent-session';
import {
  isGated,
  regeneratePrompt,
  revisionPrompt,
  STAGE_FILE,
  stagePrompt,
  workflowStages,
  type SpecStage,
} from './stage-prompts';

export type StageDecision =
  { decision: 'approve' } | { decision: 'request-changes'; comments: string } | { decision: 'regenerate' };

/** What the workflow needs of a session: run a prompt as a turn, and log an event of its own. */
export interface WorkflowSession {
  /** `origin` marks the prompt as Trellis's own instruction, not the person's words. */
  runTurn(prompt: string, signal?: AbortSignal, origin?: 'workflow'): Promise<TurnResult>;
  record(body: SessionEventBody): Promise<void>;
}

export interface SpecWorkflowInput {
  /** The repository root. */
  root: string;
  name: string;
  kind: SpecKind;
  workflow: SpecWorkflow;
  description: string;
  session: WorkflowSession;
  /** Waits for the person's decision on a written stage (the window's approval bar). */
  decide(stage: SpecStage): Promise<StageDecision>;
  /**
   * Where a person can be asked (the window): after the model failed a stage, whether to write it again (true) or
   * end the workflow there (false). Without it a failure ends the workflow at once (headless).
   */
  retryFailed?(stage: SpecStage, error: string): Promise<boolean>;
  signal?: AbortSignal;
}

export type WorkflowResult = { status: 'done' } | { status: 'failed'; stage: SpecStage; error: string };

/**
 * Kiro's spec workflow driven through the agent engine: each document in
 * turn, written by the agent; in a gated workflow each waits for the
 * person's approval (or requested changes, or a fresh draft) before the
 * next is started. Every stage and decision is a session event.
 */
export async function runSpecWorkflow(input: SpecWorkflowInput): Promise<WorkflowResult> {
  const { session, name } = input;
  const specDir = `.kiro/specs/${name}`;
  const stages = workflowStages(input.kind, input.workflow);
  const written: string[] = [];
  await session.record({
    type: 'spec.started',
    spec: name,
    kind: input.kind,
    workflow: input.workflow,
    idea: input.description,
  });
  for (const stage of stages) {
    const file = `${specDir}/${STAGE_FILE[stage]}`;
    const prompt = { stage, specDir, description: input.description, earlier: [...written] };
    let next = stagePrompt(prompt);
    for (;;) {
      await session.record({ type: 'spec.stage', spec: name, stage, state: 'writing', file });
      const turn = await session.runTurn(next, input.signal, 'workflow');
      if (turn.status !== 'completed') {
        const error = turn.error ?? turn.status;
        // Asked before the failure is announced, so a client answering the event at once finds the question open.
        const retry = turn.status === 'interrupted' || !input.retryFailed ? false : input.retryFailed(stage, error);
        await session.record({ type: 'spec.stage', spec: name, stage, state: 'failed', file, error });
        if (!(await retry)) return { status: 'failed', stage, error };
        // The same request again: the stage is written as if for the first time.
        await session.record({ type: 'spec.decision', spec: name, stage, decision: 'regenerate' });
        continue;
      }
      if (!isGated(input.workflow)) break;
      // Waiting before the stage is announced, so a client deciding the moment it sees the event finds the stage waiting.
      const decided = input.decide(stage);
      await session.record({ type: 'spec.stage', spec: name, stage, state: 'awaiting-approval', file });
      const answer = await decided;
      if (answer.decision === 'approve') {
        const sha256 = await documentHash(path.join(input.root, file));
        await session.record({
          type: 'spec.decision',
          spec: name,
          stage,
          decision: 'approve',
          ...(sha256 ? { sha256 } : {}),
        });
        break;
      }
      await session.record({
        type: 'spec.decision',
        spec: name,
        stage,
        decision: answer.decision,
        ...(answer.decision === 'request-changes' ? { comments: answer.comments } : {}),
      });
      next =
        answer.decision === 'request-changes'
          ? revisionPrompt(stage, specDir, answer.comments)
          : regeneratePrompt(prompt);
    }
    if (isGated(input.workflow))
      await session.record({ type: 'spec.stage', spec: name, stage, state: 'approved', file });
    written.push(STAGE_FILE[stage]);
  }
  return { status: 'done' };
}

async function documentHash(file: string): Promise<string | null> {
  try {
    return createHash('sha256')
      .update(await fs.readFile(file))
      .digest('hex');
  } catch {
    return null;
  }
}
