import type { SpecDiagnostic, TaskWave, WavesBlock } from './spec-model';
import { diagnostic } from './spec-model';

/**
 * Reads the JSON fence under `## Task Dependency Graph`. Kiro writes `{"waves":[{"id":0,"tasks":["1"]}]}`;
 * variants seen in the wild are accepted (`"wave"` for `"id"`, numbering from 1, extra keys, a bare array of
 * arrays). Anything unreadable is a diagnostic and null: file order is then the plan.
 */
export function parseWaves(
  content: string,
  where: { file: string; headingLine: number; firstLine: number; json: boolean },
): { block: WavesBlock | null; diagnostics: SpecDiagnostic[] } {
  const { file, headingLine, firstLine } = where;
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message);
    let line = firstLine;
    if (position) {
      const upTo = content.slice(0, Number(position[1]));
      for (let i = upTo.indexOf('\n'); i !== -1; i = upTo.indexOf('\n', i + 1)) line++;
    } else if (/end of JSON/i.test(message)) {
      line = firstLine + Math.max(0, content.split('\n').length - 1);
    }
    // A fence not labelled json may be an ASCII tree: unreadable, but not broken JSON.
    const severity = where.json ? 'error' : 'warning';
    const code = where.json ? 'waves-malformed-json' : 'waves-unreadable';
    return {
      block: null,
      diagnostics: [
        diagnostic(
          file,
          line,
          severity,
          code,
          `the task dependency graph is not valid JSON (${message}); tasks run in file order`,
        ),
      ],
    };
  }

  const entries = Array.isArray(data)
    ? data
    : data && typeof data === 'object'
      ? (data as { waves?: unknown }).waves
      : undefined;
  if (!Array.isArray(entries)) {
    return {
      block: null,
      diagnostics: [
        diagnostic(
          file,
          firstLine,
          'warning',
          'waves-shape',
          'the task dependency graph has no "waves" list; tasks run in file order',
        ),
      ],
    };
  }
  const waves: TaskWave[] = [];
  const diagnostics: SpecDiagnostic[] = [];
  entries.forEach((entry, index) => {
    const raw = Array.isArray(entry)
      ? { tasks: entry }
      : (entry as { id?: unknown; wave?: unknown; tasks?: unknown } | null);
    const id = typeof raw?.id === 'number' ? raw.id : typeof raw?.wave === 'number' ? raw.wave : index;
    if (!raw || !Array.isArray(raw.tasks)) {
      diagnostics.push(
        diagnostic(
          file,
          firstLine,
          'warning',
          'waves-shape',
          `wave ${id} of the task dependency graph has no "tasks" list; it is ignored`,
        ),
      );
      return;
    }
    waves.push({ id, tasks: raw.tasks.filter((t) => typeof t === 'string' || typeof t === 'number').map(String) });
  });
  // Waves run in ascending id, whatever order the file lists them in; sort is stable for equal ids.
  waves.sort((a, b) => a.id - b.id);

  const idLines = new Map<string, number>();
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    for (const m of lines[i].matchAll(/"([^"\\]*)"/g)) if (!idLines.has(m[1])) idLines.set(m[1], firstLine + i);
  }
  return { block: { waves, line: headingLine, idLines }, diagnostics };
}
