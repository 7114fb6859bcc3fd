import { describe, expect, it } from 'vitest';
import { parseTasks } from './parse-tasks';
import { sourceLines } from './source-lines';
import { fixture } from './test-fixtures';

const brief = (text: string) =>
  parseTasks(text).tasks.map((t) => ({ id: t.id, status: t.status, optional: t.optional, parent: t.parent }));

describe('parseTasks', () => {
  it('reads the Kiro example: ids, states, optional subtasks, nesting, references and waves', () => {
    const doc = parseTasks(fixture('repo/.kiro/specs/todo-export/tasks.md'));
    expect(brief(doc.source)).toEqual([
      { id: '1', status: 'done', optional: false, parent: null },
      { id: '2', status: 'in_progress', optional: false, parent: null },
      { id: '2.1', status: 'done', optional: false, parent: '2' },
      { id: '2.2', status: 'todo', optional: true, parent: '2' },
      { id: '3', status: 'queued', optional: false, parent: null },
      { id: '4', status: 'todo', optional: false, parent: null },
    ]);
    const [t1, t2, t21, t22] = doc.tasks;
    expect(t1.title).toBe('Define the exporter interface in `src/export/types.ts`');
    expect(t1.requirements).toEqual(['1.1', '1.2']);
    expect(t2.children).toEqual(['2.1', '2.2']);
    expect(t21.line).toBe(8);
    expect(t22.property).toBe(2);
    expect(t22.requirements).toEqual(['1.1']); // from **Validates: Requirements 1.1**
    expect(doc.waves?.waves).toEqual([
      { id: 0, tasks: ['1'] },
      { id: 1, tasks: ['2.1', '2.2', '3'] },
      { id: 2, tasks: ['4'] },
    ]);
    expect(doc.diagnostics).toEqual([]);
  });

  it('tolerates the real-world variations: [X], * bullets, tabs, escaped optional, deep and lettered ids, localized labels, fences', () => {
    const doc = parseTasks(fixture('tasks/variations.md'));
    expect(brief(doc.source)).toEqual([
      { id: '1', status: 'done', optional: false, parent: null },
      { id: '1.1', status: 'todo', optional: false, parent: '1' },
      { id: '1.1.1', status: 'todo', optional: false, parent: '1.1' },
      { id: '1.2a', status: 'todo', optional: true, parent: '1' },
      { id: '2', status: 'todo', optional: false, parent: null },
    ]);
    const byId = new Map(doc.tasks.map((t) => [t.id, t]));
    expect(byId.get('1.1')!.requirements).toEqual(['1.1', '2.3']); // inline (Req. 1.1, 2.3)
    expect(byId.get('1.2a')!.requirements).toEqual(['1.2']); // _Anforderungen: 1.2_
    expect(byId.get('2')!.requirements).toEqual(['2.1', '3.1']); // _要件：2.1_ (full-width colon), _Exigences : 3.1_
    expect(byId.get('2')!.title).toBe('Title with `code` and trailing spaces');
    expect(byId.get('2')!.details.map((d) => d.label)).toEqual(['要件', 'Exigences', 'Note']);
    // The graph sits before the tasks and uses "wave" for "id", listed out of order: sorted ascending.
    expect(doc.waves?.waves).toEqual([
      { id: 1, tasks: ['1.1.1', '1.2a'] },
      { id: 2, tasks: ['2'] },
    ]);
  });

  it('nests unindented subtasks by their numbers and reads cc-sdd (P) markers and _Depends:_', () => {
    const doc = parseTasks(fixture('tasks/cc-sdd.md'));
    expect(doc.tasks.map((t) => [t.id, t.parent, t.parallel])).toEqual([
      ['1', null, false],
      ['1.1', '1', true],
      ['1.2', '1', true],
      ['1.3', '1', false],
      ['2', null, false],
      ['2.1', '2', false],
    ]);
    expect(doc.tasks[1].title).toBe('Create the data model');
    expect(doc.tasks[3].dependsOn).toEqual(['1.1', '1.2']);
    expect(doc.tasks[3].requirements).toEqual([]); // _Boundary: ui, model_ is not an id list
  });

  it('gives unnumbered tasks positional ids and nests them by indentation', () => {
    const doc = parseTasks(fixture('tasks/unnumbered.md'));
    expect(doc.tasks.map((t) => [t.id, t.synthetic, t.parent, t.title])).toEqual([
      ['t1', true, null, 'Collect requirements'],
      ['t2', true, null, 'Sketch the screens'],
      ['t3', true, 't2', 'Main screen'],
      ['t4', true, 't2', 'Settings screen'],
      ['t5', true, null, 'Build it'],
    ]);
  });

  it('keeps non-English titles and reads a CRLF file with a BOM', () => {
    const ja = parseTasks(fixture('tasks/non-english.md'));
    expect(ja.tasks.map((t) => t.title)).toEqual([
      'エクスポート機能を実装する',
      'CSV 形式で書き出す 📄',
      'Überschriften übersetzen (Ä, ö, ß)',
    ]);
    expect(ja.tasks[1].requirements).toEqual(['1.1']);

    const text = fixture('tasks/crlf-bom.md');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const doc = parseTasks(text);
    expect(doc.tasks.map((t) => [t.id, t.title, t.parent])).toEqual([
      ['1', 'Erste Aufgabe — äöü', null],
      ['2', 'Zweite', null],
      ['2.1', 'Unteraufgabe 日本', '2'],
    ]);
    expect(doc.tasks[0].requirements).toEqual(['1.1']);
    for (const t of doc.tasks) expect(text[t.stateOffset - 1] + text[t.stateOffset + 1]).toBe('[]');
  });

  it('leaves checkbox-like lines that are not tasks alone', () => {
    const doc = parseTasks(fixture('tasks/variations.md'));
    expect(doc.tasks.some((t) => t.id === '9')).toBe(false); // inside a code fence
    expect(doc.tasks.some((t) => /Not a task/.test(t.title))).toBe(false); // [?] and []
  });
});

describe('sourceLines', () => {
  it('keeps offsets into the original string across a BOM, CRLF and a missing final newline', () => {
    const text = '\uFEFFa\r\nbc\nd';
    const lines = sourceLines(text);
    expect(lines.map((l) => [l.number, l.text, text.slice(l.start, l.start + l.text.length)])).toEqual([
      [1, 'a', 'a'],
      [2, 'bc', 'bc'],
      [3, 'd', 'd'],
    ]);
  });
});
