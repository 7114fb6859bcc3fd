import type { SessionEvent, UserQuestion } from '../../../electron/contract';

/** request_user_input's questions in place: a form while they wait, the answers once given, or why none came. */
export interface QuestionsItem {
  kind: 'questions';
  id: string;
  callId: string;
  questions: UserQuestion[];
  /** By question id, as the model got them; null while waiting or when none came. */
  answers: Record<string, string[]> | null;
  /** Why no answers came (an interrupt withdrew the questions). */
  withdrawn: string | null;
}

export const questionsId = (callId: string) => `questions-${callId}`;

export function questionsItem(e: Extract<SessionEvent, { type: 'input.requested' }>): QuestionsItem {
  return {
    kind: 'questions',
    id: questionsId(e.callId),
    callId: e.callId,
    questions: e.questions,
    answers: null,
    withdrawn: null,
  };
}

/** The call's result settles the form: the answers the model read (Codex's {answers: {id: {answers}}}), or why not. */
export function withResult(item: QuestionsItem, e: Extract<SessionEvent, { type: 'tool.result' }>): QuestionsItem {
  if (e.isError) return { ...item, withdrawn: e.output };
  try {
    const parsed = JSON.parse(e.output) as { answers?: Record<string, { answers?: unknown }> };
    const answers: Record<string, string[]> = {};
    for (const [id, value] of Object.entries(parsed.answers ?? {})) {
      if (Array.isArray(value?.answers)) answers[id] = value.answers.map(String);
    }
    return { ...item, answers };
  } catch {
    return { ...item, withdrawn: e.output };
  }
}
