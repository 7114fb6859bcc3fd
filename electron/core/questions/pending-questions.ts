import { ExpectedFailure } from '../errors/expected-failure';
import type { QuestionRequest } from './request-user-input-tool';
import { checkAnswers, type UserAnswers } from './user-questions';

interface Pending {
  request: QuestionRequest;
  settle: (answers: UserAnswers | null) => void;
}

/** A window session's questions waiting for the person, by call id: answered, or withdrawn by an interrupt. */
export class PendingQuestions {
  private readonly pending = new Map<string, Pending>();

  /** The Asker a session's request_user_input calls: it waits for `answer`, or settles null once `signal` aborts. */
  readonly ask = (request: QuestionRequest, signal: AbortSignal): Promise<UserAnswers | null> =>
    new Promise((resolve) => {
      const settle = (answers: UserAnswers | null) => {
        this.pending.delete(request.callId);
        signal.removeEventListener('abort', withdraw);
        resolve(answers);
      };
      const withdraw = () => settle(null);
      if (signal.aborted) return resolve(null);
      signal.addEventListener('abort', withdraw, { once: true });
      this.pending.set(request.callId, { request, settle });
    });

  /** The person's answers: checked against the questions first, so a bad answer sends nothing to the model. */
  answer(callId: string, answers: UserAnswers): void {
    const pending = this.pending.get(callId);
    if (!pending) throw new ExpectedFailure('not-pending', 'Those questions are no longer waiting for an answer.');
    const problem = checkAnswers(pending.request.questions, answers);
    if (problem) throw new ExpectedFailure('invalid-params', problem);
    pending.settle(answers);
  }

  /** Withdraw every waiting question (the session closes). */
  withdrawAll(): void {
    for (const pending of [...this.pending.values()]) pending.settle(null);
  }
}
