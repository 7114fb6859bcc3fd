import { describe, expect, it } from 'vitest';
import { checkAnswers, checkQuestions } from './user-questions';

const q = (id: string, extra: Record<string, unknown> = {}) => ({ id, question: `Question ${id}?`, ...extra });

describe('checkQuestions: what the model may ask', () => {
  it('refuses none, too many, too long, and repeated ids, naming the place', () => {
    expect(checkQuestions({ questions: [] })).toBe(
      'Invalid request_user_input arguments: questions must hold at least one question.',
    );
    expect(checkQuestions({ questions: [q('a'), q('b'), q('c'), q('d')] })).toBe(
      'Invalid request_user_input arguments: questions may hold at most 3 questions.',
    );
    expect(checkQuestions({ questions: [q('a', { question: 'x'.repeat(1001) })] })).toMatch(
      /^Invalid request_user_input arguments: questions\.0\.question Too big/,
    );
    expect(checkQuestions({ questions: [q('a'), q('a')] })).toBe(
      'Invalid request_user_input arguments: the question id "a" is used twice.',
    );
    expect(checkQuestions({ questions: [q('a', { multiple: true })] })).toMatch(/allows several picks but offers no/);
  });

  it('keeps choices and short answers apart: an empty option list is a short answer', () => {
    expect(checkQuestions({ questions: [q('a', { options: [] })] })).toEqual([q('a')]);
  });
});

describe('checkAnswers: what the person may answer', () => {
  const questions = [
    q('tools', { header: 'Tools', options: [{ label: 'lint' }, { label: 'test' }], multiple: true }),
    q('name'),
  ];
  it('accepts several picks where allowed and a typed answer', () => {
    expect(checkAnswers(questions, { tools: ['lint', 'test'], name: 'Orchard' })).toBeNull();
  });
  it('refuses an empty typed answer and an empty pick', () => {
    expect(checkAnswers(questions, { tools: ['lint'], name: '  ' })).toBe('Type an answer to "Question name?".');
    expect(checkAnswers(questions, { tools: [], name: 'x' })).toBe('Pick an option for "Tools".');
  });
});
