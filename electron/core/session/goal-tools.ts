import { z } from 'zod';
import type { Usage } from '../../contract';
import { isToolOutput, parseArguments, type Tool, type ToolOutput } from '../tools/tool';
import { goalStateName, type SessionGoal } from './session-goal';

const updateArgs = z.strictObject({
  status: z.enum(['complete', 'blocked']),
  reason: z.string().max(2000).optional(),
});

/** The goal as get_goal reports it (Codex's fields: objective, status, tokens used, budget and what remains). */
function goalReport(goal: SessionGoal): string {
  const current = goal.current;
  if (!current) return JSON.stringify({ goal: null });
  const remaining = current.tokenBudget === null ? null : Math.max(0, current.tokenBudget - current.tokensUsed);
  return JSON.stringify({
    goal: {
      objective: current.objective,
      status: current.state,
      tokens_used: current.tokensUsed,
      token_budget: current.tokenBudget,
      remaining_tokens: remaining,
      time_used_seconds: Math.round((Date.now() - Date.parse(current.setAt)) / 1000),
    },
  });
}

/**
 * get_goal and update_goal, offered while the session has a goal (Codex's names and shapes). The model may only
 * read the goal and end its pursuit: setting, pausing, resuming and budgets stay the person's.
 */
export function goalTools(goal: SessionGoal, sessionUsage: () => Usage): Tool[] {
  const getGoal: Tool = {
    readOnly: true,
    spec: {
      kind: 'function',
      name: 'get_goal',
      description:
        "Get the session's goal: its objective, status, tokens used, token budget and the tokens that remain.",
      parameters: { type: 'object', properties: {}, additionalProperties: false },
    },
    async run() {
      return { output: goalReport(goal), isError: false };
    },
  };
  const updateGoal: Tool = {
    // It touches no file, command or network: it only ends Trellis's own pursuit, which narrows what the session does.
    // So plan mode lets it run, and a goal pursued while planning can still be marked complete or blocked.
    readOnly: true,
    spec: {
      kind: 'function',
      name: 'update_goal',
      description:
        'End the pursuit of the goal. Use status "complete" only when the objective is achieved and verified, with no ' +
        'required work left; use "blocked" only when you cannot make progress without the person or an outside ' +
        'change, after trying. Say why in reason. Pausing, resuming and budgets belong to the person.',
      parameters: {
        type: 'object',
        properties: {
          status: { type: 'string', enum: ['complete', 'blocked'] },
          reason: { type: 'string', description: 'What was achieved, or what blocks the goal.' },
        },
        required: ['status'],
        additionalProperties: false,
      },
    },
    async run(input): Promise<ToolOutput> {
      const args = parseArguments(input, (value) => {
        const parsed = updateArgs.safeParse(value);
        if (parsed.success) return parsed.data;
        const issue = parsed.error.issues[0];
        return `Invalid update_goal arguments: ${issue.path.join('.') || '(root)'} ${issue.message}. Send {"status": "complete" | "blocked", "reason": "..."}.`;
      });
      if (isToolOutput(args)) return args;
      const current = goal.current;
      if (current?.state !== 'active')
        return {
          output: current
            ? `The goal is ${goalStateName(current.state)}; only an active goal can be marked ${args.status}.`
            : 'There is no goal to update.',
          isError: true,
        };
      await goal.mark(args.status, args.reason, sessionUsage());
      const marked = goal.current!;
      const budget = marked.tokenBudget === null ? '' : ` of a ${marked.tokenBudget}-token budget`;
      return {
        output: `The goal is marked ${args.status}. Tokens used: ${marked.tokensUsed}${budget}.`,
        isError: false,
      };
    },
  };
  return [getGoal, updateGoal];
}
