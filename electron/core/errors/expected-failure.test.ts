import { describe, expect, it } from 'vitest';
import { SpecError } from '../specs/spec-error';
import { ExpectedFailure, failingAs } from './expected-failure';

describe('ExpectedFailure', () => {
  it('carries a code, a sentence and the subclass name', () => {
    const error = new SpecError('exists', 'A spec named export already exists.');
    expect(error).toBeInstanceOf(ExpectedFailure);
    expect(error).toBeInstanceOf(Error);
    expect({ name: error.name, code: error.code, message: error.message }).toEqual({
      name: 'SpecError',
      code: 'exists',
      message: 'A spec named export already exists.',
    });
    expect(new ExpectedFailure('busy', 'Busy.').name).toBe('ExpectedFailure');
  });
});

describe('failingAs', () => {
  it('passes the value through', async () => {
    expect(await failingAs('revert-failed', async () => 42)).toBe(42);
  });

  it('turns any other failure into an expected failure with the code, keeping the message and the cause', async () => {
    const cause = new Error('git apply: patch does not apply');
    const error = await failingAs('revert-failed', async () => {
      throw cause;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExpectedFailure);
    expect(error).toMatchObject({ code: 'revert-failed', message: 'git apply: patch does not apply', cause });
  });

  it('leaves an expected failure its own code', async () => {
    const error = await failingAs('revert-failed', async () => {
      throw new SpecError('outside-repository', 'tasks.md leads outside the repository.');
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SpecError', code: 'outside-repository' });
  });
});
