import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { createSpec } from './create-spec';
import { lintSpec } from './lint-spec';
import { listSpecs } from './list-specs';
import { loadSpec } from './load-spec';
import { SpecError } from './spec-error';
import { FIXTURES } from './test-fixtures';

const REPO = path.join(FIXTURES, 'repo');

describe('listSpecs', () => {
  it('lists both layouts with kind, workflow, documents, stage and task counts', async () => {
    const specs = await listSpecs(REPO);
    expect(specs.map((s) => [s.layout, s.name, s.kind, s.workflow, s.stage, s.documents])).toEqual([
      ['specs', 'emoji-csv', 'bugfix', 'requirements-first', 'in-progress', ['bugfix.md', 'tasks.md']],
      ['specs', 'half-done', 'feature', null, 'design', ['design.md']],
      [
        'specs',
        'todo-export',
        'feature',
        'requirements-first',
        'in-progress',
        ['requirements.md', 'design.md', 'tasks.md'],
      ],
      ['plans', 'legacy-plan', 'feature', null, 'in-progress', ['tasks.md']],
    ]);
    expect(specs[2].tasks).toEqual({ total: 6, done: 2, inProgress: 1, queued: 1, todo: 2, optional: 1 });
    expect(specs[2].dir).toBe(path.join(REPO, '.kiro/specs/todo-export'));
  });

  it('returns nothing for a folder without .kiro, and skips folders holding no spec document', async () => {
    const root = tempDir();
    expect(await listSpecs(root)).toEqual([]);
    fs.mkdirSync(path.join(root, '.kiro/specs/empty'), { recursive: true });
    fs.writeFileSync(path.join(root, '.kiro/specs/empty/notes.txt'), 'x');
    expect(await listSpecs(root)).toEqual([]);
  });

  it('lists a spec whose first document is not written yet (only .config.kiro): its name is taken', async () => {
    const root = tempDir();
    await createSpec(root, 'csv-export', { kind: 'feature', workflow: 'requirements-first', templates: false });
    expect((await listSpecs(root)).map((s) => [s.name, s.workflow, s.stage, s.documents])).toEqual([
      ['csv-export', 'requirements-first', 'requirements', []],
    ]);
  });
});

describe('loadSpec', () => {
  it('keeps attachments aside and trusts bugfix.md over a config that says feature', async () => {
    const root = tempDir();
    const dir = path.join(root, '.kiro/specs/mixed');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, '.config.kiro'),
      '{"specId":"x","workflowType":"fast-task","specType":"feature","extra":1}',
    );
    fs.writeFileSync(path.join(dir, 'bugfix.md'), '### Expected Behavior\n2.1 WHEN x THEN the system SHALL y\n');
    fs.writeFileSync(path.join(dir, 'summary.md'), 'notes');
    const spec = await loadSpec(dir);
    expect(spec.kind).toBe('bugfix');
    expect(spec.config?.workflow).toBe('quick');
    expect(spec.config?.raw.extra).toBe(1);
    expect(spec.attachments).toEqual(['summary.md']);
    expect(lintSpec(spec).map((d) => d.code)).toEqual(['config-kind-mismatch']);
  });

  it('reads the single *tasks*.md candidate read-only when tasks.md is missing, and reports bad config as a warning', async () => {
    const dir = path.join(tempDir(), 'spec');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'phase-2-tasks.md'), '- [ ] 1. Later\n');
    fs.writeFileSync(path.join(dir, '.config.kiro'), '{not json');
    const spec = await loadSpec(dir);
    expect(spec.tasksReadOnly).toBe(true);
    expect(spec.tasks?.tasks.map((t) => t.id)).toEqual(['1']);
    expect(lintSpec(spec).map((d) => [d.code, d.severity])).toEqual([
      ['config-invalid', 'warning'],
      ['tasks-candidate', 'warning'],
    ]);
  });

  it('refuses a folder that is not there or holds no spec', async () => {
    await expect(loadSpec('/definitely/not/here')).rejects.toThrow(
      new SpecError('not-a-folder', 'there is no folder at /definitely/not/here'),
    );
    await expect(loadSpec(tempDir())).rejects.toThrow(/is not a spec folder/);
  });
});

describe('createSpec', () => {
  it('writes a requirements-first feature spec with the 2026 .config.kiro shape', async () => {
    const root = tempDir();
    const { dir, files } = await createSpec(root, 'todo-export', { kind: 'feature', workflow: 'requirements-first' });
    expect(dir).toBe(path.join(root, '.kiro/specs/todo-export'));
    expect(files).toEqual(['.config.kiro', 'requirements.md']);
    const configText = fs.readFileSync(path.join(dir, '.config.kiro'), 'utf8');
    expect(configText).not.toContain('\n'); // one line, as Kiro writes it
    const config = JSON.parse(configText);
    expect(Object.keys(config)).toEqual(['specId', 'workflowType', 'specType']);
    expect(config.specId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(config).toMatchObject({ workflowType: 'requirements-first', specType: 'feature' });
    const [summary] = await listSpecs(root);
    expect(summary).toMatchObject({
      name: 'todo-export',
      kind: 'feature',
      workflow: 'requirements-first',
      stage: 'requirements',
    });
    expect(lintSpec(await loadSpec(dir)).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each([
    [{ kind: 'feature', workflow: 'design-first' }, ['.config.kiro', 'design.md'], 'design-first'],
    [{ kind: 'feature', workflow: 'quick' }, ['.config.kiro', 'requirements.md', 'design.md', 'tasks.md'], 'fast-task'],
    [{ kind: 'bugfix', workflow: 'requirements-first' }, ['.config.kiro', 'bugfix.md'], 'requirements-first'],
  ] as const)('%j writes %j', async (options, expected, workflowType) => {
    const root = tempDir();
    const { dir, files } = await createSpec(root, 'x-1', options);
    expect(files).toEqual(expected);
    expect(fs.readdirSync(dir).sort()).toEqual([...expected].sort());
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.config.kiro'), 'utf8'))).toMatchObject({
      workflowType,
      specType: options.kind,
    });
    expect((await loadSpec(dir)).kind).toBe(options.kind);
  });

  it.each(['Todo', 'todo export', '../escape', 'a/b', '-lead', 'double--hyphen', '', 'x'.repeat(65)])(
    'refuses the name %j',
    async (name) => {
      const root = tempDir();
      await expect(createSpec(root, name, { kind: 'feature', workflow: 'requirements-first' })).rejects.toMatchObject({
        code: 'invalid-name',
      });
      expect(fs.existsSync(path.join(root, '.kiro'))).toBe(false);
    },
  );

  it('refuses an existing folder in either layout and leaves it untouched', async () => {
    const root = tempDir();
    await createSpec(root, 'taken', { kind: 'feature', workflow: 'requirements-first' });
    const requirements = path.join(root, '.kiro/specs/taken/requirements.md');
    fs.writeFileSync(requirements, 'mine');
    await expect(createSpec(root, 'taken', { kind: 'bugfix', workflow: 'requirements-first' })).rejects.toThrow(
      `a spec named taken already exists at ${path.join(root, '.kiro/specs/taken')}`,
    );
    expect(fs.readFileSync(requirements, 'utf8')).toBe('mine');
    fs.mkdirSync(path.join(root, '.kiro/plans/old'), { recursive: true });
    await expect(createSpec(root, 'old', { kind: 'feature', workflow: 'quick' })).rejects.toMatchObject({
      code: 'exists',
    });
  });

  it('refuses a design-first bugfix', async () => {
    await expect(createSpec(tempDir(), 'bug', { kind: 'bugfix', workflow: 'design-first' })).rejects.toMatchObject({
      code: 'invalid-options',
    });
  });
});
