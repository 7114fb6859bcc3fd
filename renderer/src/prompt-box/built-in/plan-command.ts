import { togglePlanMode, usePlanMode } from '../../state/plan-mode-store';
import type { BuiltInContext } from '../commands';

/**
 * `/plan`: plan mode on or off. `/plan TASK` switches it on and sends TASK, so the agent plans it (as in Codex).
 * Trellis enforces it: a read-only sandbox, no patches, until the person implements the proposed plan.
 */
export async function planCommand(args: string, ctx: BuiltInContext): Promise<string | null> {
  if (!args) return togglePlanMode();
  const refused = await usePlanMode.getState().setMode('plan');
  if (refused) return refused;
  if (ctx.session.getState().running)
    return 'Plan mode is on; the agent is still working, so send the task when it is done.';
  await ctx.session.getState().send(args);
  return null;
}
