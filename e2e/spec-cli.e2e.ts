import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { specSchemas } from '../electron/contract';

const BIN = path.resolve('bin/trellis.js');
const FIXTURE_REPO = path.resolve('electron/core/specs/fixtures/repo');
const trellis = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });

/** A copy of the fixture repository, so status edits never touch the fixtures. */
function repoCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-spec-cli-'));
  fs.cpSync(FIXTURE_REPO, dir, { recursive: true });
  return dir;
}

test('trellis spec list shows both layouts with stage and task counts', () => {
  const result = trellis(repoCopy(), 'spec', 'list');
  expect(result.status).toBe(0);
  expect(result.stdout.trim().split('\n')).toEqual([
    '.kiro/specs/emoji-csv    bugfix   requirements-first  in-progress  1/7 tasks done',
    '.kiro/specs/half-done    feature  -                   design       0/0 tasks done',
    '.kiro/specs/todo-export  feature  requirements-first  in-progress  2/6 tasks done',
    '.kiro/plans/legacy-plan  feature  -                   in-progress  2/5 tasks done',
  ]);
});

test('trellis spec lint prints file:line diagnostics; warnings exit 0, errors exit 1', () => {
  const repo = repoCopy();
  const clean = trellis(repo, 'spec', 'lint', '.kiro/specs/todo-export');
  expect(clean.status).toBe(0);
  expect(clean.stdout).toContain(
    '.kiro/specs/todo-export/requirements.md:40: warning: criterion 3.1 follows no EARS pattern',
  );
  expect(clean.stderr).toBe('todo-export: 0 errors, 2 warnings\n');

  const tasks = path.join(repo, '.kiro/specs/todo-export/tasks.md');
  fs.appendFileSync(tasks, '- [ ] 5. Extra\n  - _Depends: 9_\n  - _Requirements: 7.1_\n');
  const broken = trellis(repo, 'spec', 'lint', 'todo-export'); // a bare name resolves under .kiro/specs
  expect(broken.status).toBe(1);
  expect(broken.stdout).toContain(
    '.kiro/specs/todo-export/tasks.md:28: error: task 5 depends on 9, which is not a task in this file [unknown-dependency]',
  );
  expect(broken.stdout).toContain('.kiro/specs/todo-export/tasks.md:29: error: task 5 cites requirement 7.1');

  const missing = trellis(repo, 'spec', 'lint', 'no-such-spec');
  expect(missing.status).toBe(2);
  expect(missing.stderr).toBe('trellis spec lint: there is no folder at no-such-spec\n');
});

test('trellis spec graph --json prints the task graph of the contract', () => {
  const result = trellis(repoCopy(), 'spec', 'graph', '.kiro/specs/todo-export', '--json');
  expect(result.status).toBe(0);
  const graph = specSchemas().TaskGraph.parse(JSON.parse(result.stdout));
  expect(graph.tasks.map((t) => [t.id, t.status, t.optional, t.parent])).toEqual([
    ['1', 'done', false, null],
    ['2', 'in_progress', false, null],
    ['2.1', 'done', false, '2'],
    ['2.2', 'todo', true, '2'],
    ['3', 'queued', false, null],
    ['4', 'todo', false, null],
  ]);
  expect(graph.tasks.find((t) => t.id === '4')).toMatchObject({ requirements: [], dependsOn: ['2.1', '2.2', '3'] });
  expect(graph.waves.map((w) => w.id)).toEqual([0, 1, 2]);
  expect(graph.diagnostics).toEqual([]);

  const tree = trellis(FIXTURE_REPO, 'spec', 'graph', 'todo-export');
  expect(tree.status).toBe(0);
  expect(tree.stdout).toContain('    [ ]* 2.2 Write property test for CSV round trip  (requirements 1.1; after 1)');
  expect(tree.stdout).toContain('waves: 0: 1 | 1: 2.1 2.2 3 | 2: 4');
});

test('trellis spec status changes exactly one byte of tasks.md', () => {
  const repo = repoCopy();
  const file = path.join(repo, '.kiro/specs/todo-export/tasks.md');
  const before = fs.readFileSync(file);
  const result = trellis(repo, 'spec', 'status', '.kiro/specs/todo-export', '2.2', 'done');
  expect(result.status).toBe(0);
  expect(result.stdout.trim()).toBe('.kiro/specs/todo-export/tasks.md: task 2.2 is done');
  const after = fs.readFileSync(file);
  expect(after.length).toBe(before.length);
  const changed = [...after.keys()].filter((i) => after[i] !== before[i]);
  expect(changed).toHaveLength(1);
  expect(after.toString('latin1', changed[0] - 1, changed[0] + 3)).toBe('[x]*');

  const unknown = trellis(repo, 'spec', 'status', 'todo-export', '9.9', 'done');
  expect(unknown.status).toBe(1);
  expect(unknown.stderr).toBe('trellis spec status: .kiro/specs/todo-export/tasks.md: there is no task 9.9\n');
  const badStatus = trellis(repo, 'spec', 'status', 'todo-export', '1', 'finished');
  expect(badStatus.status).toBe(2);
  expect(fs.readFileSync(file).equals(after)).toBe(true);
});

test('trellis spec new writes a skeleton with .config.kiro and refuses bad or taken names', () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-spec-new-'));
  const created = trellis(os.tmpdir(), 'spec', 'new', 'csv-import', '--bugfix', '-C', repo);
  expect(created.status).toBe(0);
  const dir = path.join(repo, '.kiro/specs/csv-import');
  expect(fs.readdirSync(dir).sort()).toEqual(['.config.kiro', 'bugfix.md']);
  expect(JSON.parse(fs.readFileSync(path.join(dir, '.config.kiro'), 'utf8'))).toMatchObject({
    workflowType: 'requirements-first',
    specType: 'bugfix',
  });

  const quick = trellis(repo, 'spec', 'new', 'quick-one', '--quick');
  expect(quick.status).toBe(0);
  expect(fs.readdirSync(path.join(repo, '.kiro/specs/quick-one')).sort()).toEqual([
    '.config.kiro',
    'design.md',
    'requirements.md',
    'tasks.md',
  ]);
  const listed = trellis(repo, 'spec', 'list');
  expect(listed.stdout).toContain('.kiro/specs/quick-one   feature  quick');

  const taken = trellis(repo, 'spec', 'new', 'csv-import', '--design-first');
  expect(taken.status).toBe(1);
  expect(taken.stderr).toBe(`trellis spec new: a spec named csv-import already exists at ${dir}\n`);
  const bad = trellis(repo, 'spec', 'new', 'CSV Import');
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/^trellis spec new: a spec name is short kebab-case/);
  const both = trellis(repo, 'spec', 'new', 'x', '--quick', '--design-first');
  expect(both.status).toBe(2);
});

test('trellis spec run refuses what must be fixed first (a task graph with errors, a detached HEAD) in plain words, exit 2', () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-spec-run-refused-'));
  const git = (...args: string[]) =>
    spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' });
  fs.mkdirSync(path.join(repo, '.kiro/specs/loop'), { recursive: true });
  fs.writeFileSync(
    path.join(repo, '.kiro/specs/loop/tasks.md'),
    '# Implementation Plan\n- [ ] 1. One\n  - _Depends: 2_\n- [ ] 2. Two\n  - _Depends: 1_\n',
  );
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  const env = { ...process.env, TRELLIS_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-home-')) };
  const run = () =>
    spawnSync(process.execPath, [BIN, 'spec', 'run', 'loop'], { cwd: repo, encoding: 'utf8', timeout: 20_000, env });

  const cycle = run();
  expect(cycle.status).toBe(2);
  expect(cycle.stderr).toMatch(
    /^trellis spec run: the task graph has errors; fix them first:\n.*tasks\.md:2: .*dependency cycle/,
  );

  fs.writeFileSync(path.join(repo, '.kiro/specs/loop/tasks.md'), '# Implementation Plan\n- [ ] 1. One\n');
  git('commit', '-q', '-am', 'no cycle');
  git('checkout', '-q', '--detach');
  const detached = run();
  expect(detached.status).toBe(2);
  expect(detached.stderr).toBe(
    'trellis spec run: HEAD is detached: check out the branch the tasks should merge into, or pass --no-merge\n',
  );
});
