import type { UserQuestion } from '../../contract';
import { isToolOutput, parseArguments, type Tool, type ToolOutput } from '../tools/tool';
import { answersOutput, checkQuestions, MAX_QUESTIONS, type UserAnswers } from './user-questions';

/** A question request waiting for the person (the window's form). */
export interface QuestionRequest {
  callId: string;
  turn: number;
  questions: UserQuestion[];
}

/** Shows the questions and settles with the person's answers; null when they were withdrawn (an interrupt). */
export type Asker = (request: QuestionRequest, signal: AbortSignal) => Promise<UserAnswers | null>;

export const NOBODY_TO_ASK = 'Nobody can answer questions in this session; decide yourself and say what you assumed.';
export const INTERRUPTED_BEFORE_ANSWER =
  'The person interrupted before answering; the questions were withdrawn. Wait for their next message.';

/**
 * request_user_input (Codex's name and argument shape): a few multiple-choice or short-answer questions for the
 * person, whose answers come back as the result. Where nobody can answer (exec, crew) it is refused at once.
 */
export function requestUserInputTool(asker: Asker | undefined): Tool {
  return {
    // Asking touches no file, command or network: plan mode, where questions matter most, lets it run.
    readOnly: true,
    spec: {
      kind: 'function',
      name: 'request_user_input',
      description:
        `Ask the person 1 to ${MAX_QUESTIONS} short questions and wait for the answers. Give options (2-4 labels, ` +
        'each with a one-line description) for a choice, none for a short free-text answer. Ask only what you ' +
        'cannot find out yourself and what changes what you do.',
      parameters: {
        type: 'object',
        properties: {
          questions: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string', description: 'A stable id, snake_case: the answers are keyed by it.' },
                header: { type: 'string', description: 'A title of a few words.' },
                question: { type: 'string', description: 'The question, one sentence.' },
                options: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { label: { type: 'string' }, description: { type: 'string' } },
                    required: ['label'],
                    additionalProperties: false,
                  },
                },
                multiple: { type: 'boolean', description: 'Several options may be picked.' },
              },
              required: ['id', 'question'],
              additionalProperties: false,
            },
          },
        },
        required: ['questions'],
        additionalProperties: false,
      },
    },
    async run(input, context): Promise<ToolOutput> {
      const questions = parseArguments(input, checkQuestions);
      if (isToolOutput(questions)) return questions;
      if (!context.canAsk || !asker) return { output: NOBODY_TO_ASK, isError: true };
      // Waiting before the event is out: an answer sent the moment the form shows finds the questions pending.
      const answering = asker({ callId: context.callId, turn: context.turn, questions }, context.signal);
      await context.emit({ type: 'input.requested', turn: context.turn, callId: context.callId, questions });
      const answers = await answering;
      if (!answers || context.signal.aborted) return { output: INTERRUPTED_BEFORE_ANSWER, isError: true };
      return { output: answersOutput(answers), isError: false };
    },
  };
}
