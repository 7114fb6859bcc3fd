import { z } from 'zod';
import type { UserQuestion } from '../../contract';

/** Codex asks one to three questions at a time; more is a form nobody reads. */
export const MAX_QUESTIONS = 3;
const MAX_OPTIONS = 6;

/** The person's answers by question id: one string, or the picked labels where several may be picked. */
export type UserAnswers = Record<string, string | string[]>;

const questionArgs = z.strictObject({
  questions: z
    .array(
      z.strictObject({
        id: z
          .string()
          .min(1)
          .max(64)
          .regex(/^[\w.-]+$/, 'must be letters, digits, _ . or -'),
        header: z.string().max(40).optional(),
        question: z.string().min(1).max(1000),
        options: z
          .array(z.strictObject({ label: z.string().min(1).max(100), description: z.string().max(500).optional() }))
          .max(MAX_OPTIONS)
          .optional(),
        multiple: z.boolean().optional(),
      }),
    )
    .min(1, 'must hold at least one question')
    .max(MAX_QUESTIONS, `may hold at most ${MAX_QUESTIONS} questions`),
});

/** The model's request_user_input arguments checked, or the sentence that tells it what to fix. */
export function checkQuestions(value: unknown): UserQuestion[] | string {
  const parsed = questionArgs.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `Invalid request_user_input arguments: ${issue.path.join('.') || '(root)'} ${issue.message}.`;
  }
  const { questions } = parsed.data;
  const ids = new Set<string>();
  for (const q of questions) {
    if (ids.has(q.id)) return `Invalid request_user_input arguments: the question id "${q.id}" is used twice.`;
    ids.add(q.id);
    const labels = new Set(q.options?.map((o) => o.label));
    if (q.options && labels.size !== q.options.length)
      return `Invalid request_user_input arguments: question "${q.id}" offers the same label twice.`;
    if (q.multiple && !q.options?.length)
      return `Invalid request_user_input arguments: question "${q.id}" allows several picks but offers no options.`;
  }
  // An empty options list is a short-answer question, as no options are.
  return questions.map((q) => (q.options?.length ? q : { ...q, options: undefined }));
}

/**
 * The person's answers checked against the pending questions: every question answered, a choice among its
 * options (several only where allowed), no unknown ids. The sentence names the question when not.
 */
export function checkAnswers(questions: UserQuestion[], answers: UserAnswers): string | null {
  for (const id of Object.keys(answers)) {
    if (!questions.some((q) => q.id === id)) return `There is no question "${id}" in this request.`;
  }
  for (const q of questions) {
    const answer = answers[q.id];
    if (answer === undefined)
      return q.options ? `Pick an option for "${q.header ?? q.question}".` : `Answer the question "${q.question}".`;
    const picked = typeof answer === 'string' ? [answer] : answer;
    if (!q.options) {
      if (typeof answer !== 'string' || !answer.trim()) return `Type an answer to "${q.header ?? q.question}".`;
      continue;
    }
    if (!picked.length) return `Pick an option for "${q.header ?? q.question}".`;
    if (picked.length > 1 && !q.multiple) return `"${q.header ?? q.question}" takes one option only.`;
    const wrong = picked.find((label) => !q.options!.some((o) => o.label === label));
    if (wrong !== undefined) return `"${wrong}" is not one of the options of "${q.header ?? q.question}".`;
  }
  return null;
}

/** What the model reads back (Codex's response shape): each question's id with its answers as a list. */
export function answersOutput(answers: UserAnswers): string {
  const byId = Object.fromEntries(
    Object.entries(answers).map(([id, answer]) => [id, { answers: typeof answer === 'string' ? [answer] : answer }]),
  );
  return JSON.stringify({ answers: byId });
}
