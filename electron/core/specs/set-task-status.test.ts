import { describe, expect, it } from 'vitest';
import { parseTasks } from './parse-tasks';
import { SpecEditError, setTaskStatus, spliceTaskStatus } from './set-task-status';
import { fixture } from './test-fixtures';

/** The indexes where two strings differ (they must be the same length). */
function differences(a: string, b: string): number[] {
  expect(b.length).toBe(a.length);
  const at: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) at.push(i);
  return at;
}

describe('setTaskStatus', () => {
  it.each([
    ['repo/.kiro/specs/todo-export/tasks.md', '2.2', 'done', 'x'],
    ['repo/.kiro/specs/todo-export/tasks.md', '1', 'todo', ' '],
    ['repo/.kiro/specs/todo-export/tasks.md', '3', 'in_progress', '-'],
    ['tasks/variations.md', '1.2a', 'in_progress', '-'],
    ['tasks/unnumbered.md', 't4', 'done', 'x'],
    ['tasks/non-english.md', '1.1', 'done', 'x'],
    ['tasks/crlf-bom.md', '2.1', 'done', 'x'],
    ['tasks/crlf-bom.md', '1', 'queued', '~'],
  ] as const)('%s: %s -> %s changes exactly one character', (file, id, status, char) => {
    const before = fixture(file);
    const after = setTaskStatus(before, id, status);
    const [at, ...more] = differences(before, after);
    expect(more).toEqual([]);
    expect(after[at]).toBe(char);
    expect(parseTasks(after).tasks.find((t) => t.id === id)!.status).toBe(status);
    // And back again gives the original bytes, BOM and CRLF included.
    const original = parseTasks(before).tasks.find((t) => t.id === id)!.status;
    expect(setTaskStatus(after, id, original)).toBe(before);
  });

  it('returns the text unchanged when the task already has the status ([X] stays [X])', () => {
    const text = fixture('tasks/variations.md');
    expect(setTaskStatus(text, '1', 'done')).toBe(text);
  });

  it('refuses unknown and duplicated ids', () => {
    expect(() => setTaskStatus(fixture('tasks/cc-sdd.md'), '7.7', 'done')).toThrow(
      new SpecEditError('unknown-task', 'there is no task 7.7'),
    );
    expect(() => setTaskStatus(fixture('tasks/duplicate.md'), '2', 'done')).toThrow(/used on lines 4, 5/);
  });

  it('refuses to splice at an offset that no longer holds a state character', () => {
    const text = fixture('tasks/cc-sdd.md');
    const task = parseTasks(text).tasks[2];
    expect(spliceTaskStatus(text, task, 'done')).not.toBe(text);
    const shifted = `> inserted line\n${text}`;
    expect(() => spliceTaskStatus(shifted, task, 'done')).toThrow(SpecEditError);
  });
});
