import { useGoal, type GoalAction, type ShownGoal } from '../../state/goal-store';
import type { BuiltInContext } from '../commands';

export type ParsedGoal = GoalAction | { action: 'status' } | { action: 'error'; message: string };

const USAGE = 'Type /goal <objective> [--budget TOKENS], /goal for its status, or /goal pause|resume|clear.';

/** `50000`, `50k`, `1.5M`: a whole number of tokens above 0, or null. */
function tokenCount(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.replaceAll(/[,_]/g, ''));
  if (!match) return null;
  const scale = { '': 1, k: 1e3, m: 1e6 }[match[2].toLowerCase() as '' | 'k' | 'm'];
  const tokens = Number(match[1]) * scale;
  return Number.isInteger(tokens) && tokens > 0 ? tokens : null;
}

/** What `/goal ARGS` asks for: the status, pause/resume/clear, or a new objective with its optional budget. */
export function parseGoalArgs(args: string): ParsedGoal {
  const text = args.trim();
  if (!text) return { action: 'status' };
  const word = text.toLowerCase();
  if (word === 'pause' || word === 'resume' || word === 'clear') return { action: word };
  const budget = /(?:^|\s)--budget(?:=|\s+|$)(\S*)/.exec(text);
  const objective = (budget ? text.slice(0, budget.index) + text.slice(budget.index + budget[0].length) : text).trim();
  if (/(?:^|\s)--budget(?:=|\s|$)/.test(objective)) return { action: 'error', message: 'Give --budget once.' };
  if (!objective) return { action: 'error', message: `Say what the goal is. ${USAGE}` };
  if (!budget) return { action: 'set', objective };
  const tokens = tokenCount(budget[1]);
  if (tokens === null)
    return {
      action: 'error',
      message: `--budget takes a number of tokens above 0 (50000, 50k, 1.5M), not “${budget[1] || 'nothing'}”.`,
    };
  return { action: 'set', objective, tokenBudget: tokens };
}

/** One sentence on the goal as it stands, for `/goal` alone. */
export function goalStatus(goal: ShownGoal | null): string {
  if (!goal) return `There is no goal. ${USAGE}`;
  const budget = goal.tokenBudget === null ? '' : ` of ${goal.tokenBudget.toLocaleString('en')}`;
  const note = goal.note ? ` (${goal.note})` : '';
  return `Goal ${goal.state.replace('-', ' ')}${note}: “${goal.objective}”, ${goal.tokensUsed.toLocaleString('en')}${budget} tokens used.`;
}

/** `/goal`: set, show, pause, resume or clear the session's goal; without a session, the objective starts one. */
export async function goalCommand(args: string, ctx: BuiltInContext): Promise<string | null> {
  const parsed = parseGoalArgs(args);
  if (parsed.action === 'error') return parsed.message;
  const goals = useGoal.getState();
  let sessionId = ctx.session.getState().sessionId;
  if (parsed.action === 'status') return goalStatus(sessionId ? goals.goal : null);
  if (!sessionId) {
    if (parsed.action !== 'set') return `There is no goal. ${USAGE}`;
    // A goal belongs to a session: its objective is the first message, and the pursuit goes on after that turn.
    if (!(await ctx.session.getState().send(parsed.objective))) return null; // the store shows why
    sessionId = ctx.session.getState().sessionId;
    if (!sessionId) return null;
  }
  return goals.request(sessionId, parsed);
}
