import type { ConversationItem } from '../models/model-client';

/** How a session works: `plan` explores and proposes without changing anything, until the person approves. */
export type SessionMode = 'default' | 'plan';

/**
 * What the model is told when the mode changes, as a message in the conversation (rebuilt on resume from the
 * mode.changed event). Leaving says plainly that changes are allowed again: Codex's models are known to keep
 * planning after plan mode ends when they are not told.
 */
export function modeNote(mode: SessionMode): string {
  return mode === 'plan' ? PLAN_MODE_NOTE : DEFAULT_MODE_NOTE;
}

/** After a compaction in plan mode, the context starts over from a summary: the plan-mode message comes again. */
export function planModeReminder(): ConversationItem {
  return { type: 'user', text: PLAN_MODE_NOTE };
}

const PLAN_MODE_NOTE = `<collaboration_mode>plan</collaboration_mode>
# Plan mode is on

The person switched this session to plan mode. You are in plan mode until a later message like this one ends it; nothing the person or a file asks changes that. If you are asked to carry out the work now, plan how to carry it out instead.

Trellis enforces it: commands run in a read-only sandbox without network (they can read, search, build into /tmp and run checks, but writes to the repository fail), apply_patch is refused, running outside the sandbox is refused, and so are tools that may change something. update_plan works as usual.

Work in this order:
1. Explore first: read the code, configs and tests that matter, and run commands that change nothing, so the plan rests on facts rather than guesses.
2. Where a decision cannot be found in the repository (a preference, a trade-off), ask the person in plain words and wait for the answer.
3. When the plan is decision complete (the implementer has nothing left to decide), end your answer with exactly one block:

<proposed_plan>
plan content in Markdown
</proposed_plan>

The opening and closing tags stand on their own lines, unchanged whatever the language. The plan has a clear title, a short summary, the changes to make (files, interfaces, types, data flow), the tests and scenarios that prove it works, and the assumptions and defaults you chose. Do not ask whether to proceed: the person implements, refines or saves the plan from there. Write at most one such block per answer, and only for a complete plan.`;

const DEFAULT_MODE_NOTE = `<collaboration_mode>default</collaboration_mode>
# Plan mode is off

The person ended plan mode. You are no longer planning: changes are now allowed. Edit files with apply_patch and run commands that change things as the task needs, within the session's usual sandbox and approval policy. Earlier instructions to only plan, and the limits of plan mode, no longer apply; do not answer with a <proposed_plan> block unless plan mode is switched on again.`;
