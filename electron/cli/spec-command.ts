import fs from 'node:fs/promises';
import path from 'node:path';
import { TASK_STATUSES, specSchemas, type SpecDiagnostic, type TaskGraph, type TaskStatus } from '../contract/specs';
import { createSpec } from '../core/specs/create-spec';
import { lintSpec } from '../core/specs/lint-spec';
import { listSpecs } from '../core/specs/list-specs';
import { loadSpec } from '../core/specs/load-spec';
import { SpecEditError, setTaskStatus } from '../core/specs/set-task-status';
import { SpecError } from '../core/specs/spec-error';
import { editSpecFile } from '../core/specs/spec-location';
import type { Spec } from '../core/specs/spec-model';
import { buildTaskGraph } from '../core/specs/task-graph';
import { STATUS_CHAR } from '../core/specs/task-status';

/** Exit statuses of `trellis spec`: 1 for findings (lint errors, an unknown task, a taken name), 2 for usage. */
export const SPEC_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const fail = (sub: string, message: string, code: number) => {
  process.stderr.write(`trellis spec ${sub}: ${message}\n`);
  return code;
};
const formatDiagnostic = (d: SpecDiagnostic) => `${d.file}:${d.line}: ${d.severity}: ${d.message} [${d.code}]`;

/** SPEC_DIR as given, or `.kiro/specs/NAME` (then `.kiro/plans/NAME`) when only a name is given. */
export async function resolveSpecDir(arg: string): Promise<string> {
  const isDir = (p: string) =>
    fs.stat(p).then(
      (s) => s.isDirectory(),
      () => false,
    );
  if (await isDir(arg)) return arg;
  if (!arg.includes('/') && !arg.includes(path.sep)) {
    for (const layout of ['specs', 'plans']) {
      const candidate = path.join('.kiro', layout, arg);
      if (await isDir(candidate)) return candidate;
    }
  }
  return arg;
}

/** Runs `body` with the spec loaded; a missing or non-spec folder is a usage error, other failures are bugs. */
async function withSpec(sub: string, arg: string, body: (spec: Spec) => Promise<number> | number): Promise<number> {
  try {
    return await body(await loadSpec(await resolveSpecDir(arg)));
  } catch (err) {
    if (err instanceof SpecError) return fail(sub, err.message, SPEC_EXIT.usage);
    throw err;
  }
}

/** `trellis spec list [DIR]`: every spec of the repository at DIR, one a line. */
export async function specListCommand(dir: string | undefined, options: { json?: boolean }): Promise<number> {
  const root = path.resolve(dir ?? '.');
  if (
    !(await fs.stat(root).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    return fail('list', `there is no folder at ${root}`, SPEC_EXIT.usage);
  const specs = await listSpecs(root);
  if (options.json) {
    out(JSON.stringify(specs, null, 2));
    return SPEC_EXIT.ok;
  }
  if (!specs.length) {
    out(`no specs in ${path.join(root, '.kiro', 'specs')}`);
    return SPEC_EXIT.ok;
  }
  const rows = specs.map((s) =>
    s.problem
      ? [`.kiro/${s.layout}/${s.name}`, 'not read:', s.problem, '', '']
      : [
          `.kiro/${s.layout}/${s.name}`,
          s.kind,
          s.workflow ?? '-',
          s.stage,
          `${s.tasks.done}/${s.tasks.total} tasks done`,
        ],
  );
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const row of rows)
    out(
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    );
  return SPEC_EXIT.ok;
}

/** `trellis spec lint SPEC_DIR`: `file:line: severity: message [code]` per finding; exit 1 when any is an error. */
export async function specLintCommand(dir: string): Promise<number> {
  return withSpec('lint', dir, (spec) => {
    const found = lintSpec(spec);
    for (const d of found) out(formatDiagnostic(d));
    const errors = found.filter((d) => d.severity === 'error').length;
    process.stderr.write(
      `${spec.name}: ${errors} error${errors === 1 ? '' : 's'}, ${found.length - errors} warning${found.length - errors === 1 ? '' : 's'}\n`,
    );
    return errors ? SPEC_EXIT.failed : SPEC_EXIT.ok;
  });
}

/** `trellis spec graph SPEC_DIR [--json]`: the task graph as JSON (the contract's TaskGraph) or as a tree. */
export async function specGraphCommand(dir: string, options: { json?: boolean }): Promise<number> {
  return withSpec('graph', dir, (spec) => {
    if (!spec.tasks) return fail('graph', `${spec.dir} has no tasks.md yet`, SPEC_EXIT.failed);
    const graph = buildTaskGraph(spec.tasks);
    out(options.json ? JSON.stringify(graph, null, 2) : renderTree(graph));
    return SPEC_EXIT.ok;
  });
}

function renderTree(graph: TaskGraph): string {
  const byId = new Map(graph.tasks.map((t) => [t.id, t]));
  const depth = (id: string | null, seen = 0): number =>
    id === null || seen > 32 ? 0 : 1 + depth(byId.get(id)?.parent ?? null, seen + 1);
  const lines = graph.tasks.map((t) => {
    const waits = t.dependsOn.filter((d) => byId.get(d)?.parent !== t.id); // children are shown under it already
    const notes = [
      t.requirements.length ? `requirements ${t.requirements.join(', ')}` : '',
      waits.length ? `after ${waits.join(', ')}` : '',
    ].filter(Boolean);
    const id = t.synthetic ? '' : `${t.id}${t.parent === null ? '.' : ''} `;
    return `${'    '.repeat(depth(t.parent))}[${STATUS_CHAR[t.status]}]${t.optional ? '*' : ''} ${id}${t.title}${notes.length ? `  (${notes.join('; ')})` : ''}`;
  });
  if (graph.waves.length)
    lines.push('', `waves: ${graph.waves.map((w) => `${w.id}: ${w.tasks.join(' ')}`).join(' | ')}`);
  if (graph.diagnostics.length) lines.push('', ...graph.diagnostics.map(formatDiagnostic));
  return lines.join('\n');
}

/** `trellis spec status SPEC_DIR TASK_ID STATUS`: rewrites exactly the one state character in tasks.md. */
export async function specStatusCommand(dir: string, taskId: string, status: string): Promise<number> {
  const parsed = specSchemas().TaskStatus.safeParse(status);
  if (!parsed.success)
    return fail(
      'status',
      `a status is one of ${TASK_STATUSES.join(', ')}; got ${JSON.stringify(status)}`,
      SPEC_EXIT.usage,
    );
  return withSpec('status', dir, async (spec) => {
    if (!spec.tasks) return fail('status', `${spec.dir} has no tasks.md`, SPEC_EXIT.failed);
    if (spec.tasksReadOnly)
      return fail(
        'status',
        `${spec.tasks.file} is shown read-only because the folder has no tasks.md; edit it by hand`,
        SPEC_EXIT.failed,
      );
    const file = spec.tasks.file;
    let changed: boolean;
    try {
      ({ changed } = await editSpecFile(file, (text) => setTaskStatus(text, taskId, parsed.data as TaskStatus)));
    } catch (err) {
      if (err instanceof SpecEditError) return fail('status', `${file}: ${err.message}`, SPEC_EXIT.failed);
      if (err instanceof SpecError) return fail('status', err.message, SPEC_EXIT.failed);
      throw err;
    }
    out(`${file}: task ${taskId} is ${parsed.data}${changed ? '' : ' (unchanged)'}`);
    return SPEC_EXIT.ok;
  });
}

export interface SpecNewOptions {
  bugfix?: boolean;
  designFirst?: boolean;
  quick?: boolean;
  cd?: string;
}

/** `trellis spec new NAME`: a skeleton spec folder under `.kiro/specs`, with `.config.kiro`. */
export async function specNewCommand(name: string, options: SpecNewOptions): Promise<number> {
  if (options.designFirst && options.quick)
    return fail('new', '--design-first and --quick are two different workflows; pick one', SPEC_EXIT.usage);
  const root = path.resolve(options.cd ?? '.');
  if (
    !(await fs.stat(root).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    return fail('new', `there is no folder at ${root}`, SPEC_EXIT.usage);
  try {
    const { dir, files } = await createSpec(root, name, {
      kind: options.bugfix ? 'bugfix' : 'feature',
      workflow: options.quick ? 'quick' : options.designFirst ? 'design-first' : 'requirements-first',
    });
    out(`created ${path.relative(process.cwd(), dir) || dir}: ${files.join(', ')}`);
    return SPEC_EXIT.ok;
  } catch (err) {
    if (err instanceof SpecError)
      return fail('new', err.message, err.code === 'exists' ? SPEC_EXIT.failed : SPEC_EXIT.usage);
    throw err;
  }
}
