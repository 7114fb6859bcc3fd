import { parseIdList } from './id-list';
import { parseWaves } from './parse-waves';
import { closesFence, fenceOpen, heading, sourceLines } from './source-lines';
import type { SpecDiagnostic, SpecTask, TaskDetail, TasksDocument, WavesBlock } from './spec-model';
import { diagnostic } from './spec-model';
import { statusOfChar } from './task-status';

// indent, bullet, state character, optional marker (`*` or prettier's `\*`), then the rest after blanks.
// Anchored, no nested quantifiers: linear on any line.
const TASK_LINE = /^([ \t]*)[-*][ \t]+\[(.)\](\\?\*)?(?:[ \t]+(.*))?$/;
// `2.`, `2.1`, `1.2a`, `1.1.1` then blanks; everything after is the title.
const TASK_ID = /^(\d+(?:\.\d+)*[a-z]?)\.?(?:[ \t]+|$)/;
const INLINE_REFS = /\((?:Req(?:uirements?|s)?\.?|Requirements?)\s*:?\s*([^)]*)\)/i;
const DEPENDS_LABEL = /depend|依存|abhängig/i;

function indentWidth(indent: string): number {
  let width = 0;
  for (const ch of indent) width += ch === '\t' ? 4 : 1;
  return width;
}

/** `_Label: value_`, `**Label: value**` or `**Label:** value`, after any bullet: label and value, or null. */
function labelled(text: string): { label: string; value: string } | null {
  let inner: string;
  if (text.length > 2 && text.startsWith('_') && text.endsWith('_')) inner = text.slice(1, -1);
  else if (text.startsWith('**')) inner = text.replaceAll('**', '');
  else if (text.length > 2 && text.startsWith('*') && text.endsWith('*')) inner = text.slice(1, -1);
  else return null;
  const colon = inner.search(/[:：]/);
  if (colon <= 0 || colon > 60) return null;
  return { label: inner.slice(0, colon).trim(), value: inner.slice(colon + 1).trim() };
}

/** The id a numbered task nests under by its number: `2` for `2.1`, `1.1` for `1.1.1`, `1` for `1.2a`. */
function prefixParent(id: string): string | null {
  const dot = id.lastIndexOf('.');
  return dot === -1 ? null : id.slice(0, dot);
}

/**
 * Parses tasks.md in one pass over its lines. The document is kept as text; tasks record where their
 * state character sits, so a status change is a one-character splice and nothing else moves.
 */
export function parseTasks(source: string, file = 'tasks.md'): TasksDocument {
  const lines = sourceLines(source);
  const tasks: SpecTask[] = [];
  const diagnostics: SpecDiagnostic[] = [];
  const byId = new Map<string, SpecTask>();
  const stack: SpecTask[] = []; // tasks by indentation, for nesting items without numbers
  let current: SpecTask | null = null; // the task detail lines attach to
  let fence: { char: string; length: number; info: string; line: number; content: string[] } | null = null;
  let graphSection: { level: number; line: number } | null = null;
  let graphFenceSeen = false;
  let waves: WavesBlock | null = null;

  for (const { number, start, text } of lines) {
    if (fence) {
      if (closesFence(text, fence)) {
        if (graphSection && !graphFenceSeen) {
          graphFenceSeen = true;
          const json = /^json/i.test(fence.info);
          const result = parseWaves(fence.content.join('\n'), {
            file,
            headingLine: graphSection.line,
            firstLine: fence.line + 1,
            json,
          });
          waves = result.block;
          diagnostics.push(...result.diagnostics);
        }
        fence = null;
      } else if (graphSection && !graphFenceSeen) fence.content.push(text);
      continue;
    }
    const open = fenceOpen(text);
    if (open) {
      fence = { ...open, line: number, content: [] };
      continue;
    }
    const h = heading(text);
    if (h) {
      current = null;
      if (graphSection && h.level <= graphSection.level) graphSection = null;
      if (/dependency graph/i.test(h.text)) {
        graphSection = { level: h.level, line: number };
        graphFenceSeen = false;
      }
      continue;
    }

    const m = TASK_LINE.exec(text);
    const status = m ? statusOfChar(m[2]) : undefined;
    if (m && status) {
      const indent = indentWidth(m[1]);
      let rest = m[4] ?? '';
      const idMatch = TASK_ID.exec(rest);
      const position = tasks.length + 1;
      const id = idMatch ? idMatch[1] : `t${position}`;
      if (idMatch) rest = rest.slice(idMatch[0].length);
      let parallel = false;
      if (rest.startsWith('(P)')) {
        parallel = true;
        rest = rest.slice(3).trimStart();
      }
      const task: SpecTask = {
        id,
        synthetic: !idMatch,
        title: rest.trimEnd(),
        status,
        stateOffset: start + text.indexOf('[', m[1].length) + 1,
        stateChar: m[2],
        optional: m[3] !== undefined,
        parallel,
        parent: null,
        children: [],
        requirements: [],
        dependsOn: [],
        property: null,
        details: [],
        line: number,
        indent,
      };
      const inline = INLINE_REFS.exec(task.title);
      if (inline) task.requirements.push(...(parseIdList(inline[1]) ?? []));

      while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
      const byPrefix = idMatch ? prefixParent(id) : null;
      const parent = (byPrefix !== null ? byId.get(byPrefix) : undefined) ?? stack[stack.length - 1];
      if (parent && parent.id !== id) {
        task.parent = parent.id;
        parent.children.push(id);
      }
      stack.push(task);

      const first = byId.get(id);
      if (first)
        diagnostics.push(
          diagnostic(
            file,
            number,
            'error',
            'duplicate-task-id',
            `task id ${id} is used twice (first on line ${first.line}); this one is left out of the graph`,
          ),
        );
      else byId.set(id, task);
      tasks.push(task);
      current = task;
      continue;
    }

    if (!current) continue;
    const trimmed = text.trim();
    if (!trimmed) continue;
    const detail = labelled(trimmed.replace(/^[-*+][ \t]+/, ''));
    if (!detail) continue;
    addDetail(current, { ...detail, line: number }, file, diagnostics);
  }

  if (fence && graphSection && !graphFenceSeen) {
    diagnostics.push(
      diagnostic(
        file,
        fence.line,
        'error',
        'waves-unclosed-fence',
        'the task dependency graph fence is never closed; tasks run in file order',
      ),
    );
  }
  return { file, source, tasks, waves, diagnostics };
}

function addDetail(task: SpecTask, detail: TaskDetail, file: string, diagnostics: SpecDiagnostic[]): void {
  task.details.push(detail);
  const property = /^property\s+(\d+)$/i.exec(detail.label);
  if (property) {
    task.property = Number(property[1]);
    return;
  }
  const ids = parseIdList(detail.value);
  if (DEPENDS_LABEL.test(detail.label)) {
    if (ids) task.dependsOn.push(...ids);
    else
      diagnostics.push(
        diagnostic(
          file,
          detail.line,
          'warning',
          'depends-unreadable',
          `"${detail.value}" is not a list of task ids; the dependency is ignored`,
        ),
      );
    return;
  }
  // Rule from the formats doc: a labelled value that parses as an id list is a requirement reference,
  // whatever the label's language (_Requirements:_, _Anforderungen:_, _要件:_, **Validates:**).
  if (ids) for (const id of ids) if (!task.requirements.includes(id)) task.requirements.push(id);
}
