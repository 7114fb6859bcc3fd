import type { WorkbenchEvent } from '../../contract';
import { ZERO_USAGE } from '../../contract';
import type { SpecKind, SpecWorkflow } from '../../contract/specs';
import { ExpectedFailure } from '../errors/expected-failure';
import type { AgentSession } from '../session/agent-session';
import { createSpec, specNameProblem } from '../specs/create-spec';
import { runSpecWorkflow, type StageDecision } from '../specs/workflow/spec-workflow';
import type { PatchScope } from '../tools/tool';

export interface SpecRequest {
  name: string;
  kind: SpecKind;
  workflow: SpecWorkflow;
  description: string;
}

/** What a spec workflow needs of its live window session: the session, and the two slots the manager reads. */
export interface SpecWorkflowSession {
  session: AgentSession;
  workspaceId: string;
  controller: AbortController | null;
  /** A stage waiting for the person's decision. */
  stageDecision?: (decision: StageDecision) => void;
}

/** Create the spec's folder (refusing a bad name or a bugfix that starts from a design) and say where it is. */
export async function createSpecFolder(root: string, spec: SpecRequest): Promise<string> {
  const problem = specNameProblem(spec.name);
  if (problem) throw new ExpectedFailure('invalid-name', problem);
  if (spec.kind === 'bugfix' && spec.workflow === 'design-first')
    throw new ExpectedFailure('invalid-workflow', 'A bugfix spec starts from bugfix.md; design-first is for features.');
  // A SpecError (the folder exists, leads outside the repository) reaches the person with its own code.
  return (await createSpec(root, spec.name, { kind: spec.kind, workflow: spec.workflow, templates: false })).dir;
}

/**
 * Let the agent write the spec stage by stage in the background. Each stage waits for the person's decision
 * (the session shows idle meanwhile); a failed stage waits too, and Try again (a regenerate decision) writes it again.
 */
export function runSpecStages(
  live: SpecWorkflowSession,
  root: string,
  spec: SpecRequest,
  tell: { broadcast(event: WorkbenchEvent): void; log(message: string): void },
): void {
  const controller = new AbortController();
  live.controller = controller;
  const state = (running: boolean) =>
    tell.broadcast({
      type: 'session.state',
      workspaceId: live.workspaceId,
      sessionId: live.session.id,
      running,
      usage: live.session.totalUsage ?? ZERO_USAGE,
    });
  state(true);
  const decide = () =>
    new Promise<StageDecision>((resolve) => {
      state(false); // waiting for the person, not working
      live.controller = null;
      live.stageDecision = (decision) => {
        live.stageDecision = undefined;
        live.controller = controller;
        state(true);
        resolve(decision);
      };
    });
  void runSpecWorkflow({
    root,
    ...spec,
    session: live.session,
    signal: controller.signal,
    decide,
    retryFailed: async () => (await decide()).decision === 'regenerate',
  })
    .catch((err) => tell.log(`spec workflow ${live.session.id} failed: ${(err as Error).stack ?? err}`))
    .finally(() => {
      live.controller = null;
      state(false);
    });
}

/** A patch scope that may also write `folder`; its read-only places stay as they are (looked up at each patch). */
export function withWritableFolder(scope: PatchScope | undefined, folder: string): PatchScope | undefined {
  if (!scope) return undefined;
  return {
    writableRoots: [...scope.writableRoots, folder],
    get readOnlyPaths() {
      return scope.readOnlyPaths;
    },
  };
}
