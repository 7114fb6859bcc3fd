import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { createSpec } from './create-spec';
import { listSpecs } from './list-specs';
import { loadSpec } from './load-spec';
import { setTaskStatus } from './set-task-status';
import { editSpecFile, specRepository } from './spec-location';

const TASKS = '# Tasks\n\n- [ ] 1. First\n- [ ] 2. Second\n';

/** A repository with one good spec, and a folder outside holding a spec and a file standing for ~/.bashrc. */
function world() {
  const repo = tempDir();
  const outside = tempDir();
  fs.mkdirSync(path.join(repo, '.kiro', 'specs', 'good'), { recursive: true });
  fs.writeFileSync(path.join(repo, '.kiro', 'specs', 'good', 'tasks.md'), TASKS);
  fs.mkdirSync(path.join(outside, 'spec'));
  fs.writeFileSync(path.join(outside, 'spec', 'tasks.md'), TASKS);
  fs.writeFileSync(path.join(outside, '.bashrc'), '- [ ] 1. not a task list\n');
  return { repo, outside, specs: path.join(repo, '.kiro', 'specs') };
}

describe('spec files outside the repository', () => {
  it('finds the repository above .kiro, or takes the folder itself', () => {
    expect(specRepository('/r/.kiro/specs/a')).toBe('/r');
    expect(specRepository('/r/.kiro/plans/a')).toBe('/r');
    expect(specRepository('/elsewhere/a')).toBe('/elsewhere/a');
  });

  it('refuses to load or edit a symlinked spec folder leading outside, leaving its tasks.md alone', async () => {
    const { outside, specs } = world();
    fs.symlinkSync(path.join(outside, 'spec'), path.join(specs, 'linked'));
    await expect(loadSpec(path.join(specs, 'linked'))).rejects.toMatchObject({
      code: 'outside-repository',
      message: expect.stringContaining('leads outside the repository'),
    });
    const edit = editSpecFile(path.join(specs, 'linked', 'tasks.md'), (t) => setTaskStatus(t, '1', 'done'));
    await expect(edit).rejects.toMatchObject({ code: 'outside-repository' });
    expect(fs.readFileSync(path.join(outside, 'spec', 'tasks.md'), 'utf8')).toBe(TASKS);
  });

  it('does not read a tasks.md that points outside or nowhere: a diagnostic names it', async () => {
    const { outside, specs } = world();
    fs.mkdirSync(path.join(specs, 'evil'));
    fs.writeFileSync(path.join(specs, 'evil', 'requirements.md'), '# Requirements\n');
    fs.symlinkSync(path.join(outside, '.bashrc'), path.join(specs, 'evil', 'tasks.md'));
    const spec = await loadSpec(path.join(specs, 'evil'));
    expect(spec.tasks).toBeNull();
    expect(spec.diagnostics).toContainEqual(
      expect.objectContaining({
        file: path.join(specs, 'evil', 'tasks.md'),
        severity: 'error',
        message: expect.stringContaining('outside the repository'),
      }),
    );
    await expect(
      editSpecFile(path.join(specs, 'evil', 'tasks.md'), (t) => setTaskStatus(t, '1', 'done')),
    ).rejects.toThrow(/outside the repository/);
    expect(fs.readFileSync(path.join(outside, '.bashrc'), 'utf8')).toBe('- [ ] 1. not a task list\n');
  });

  it('lists the good specs and names each bad one with its problem, without throwing', async () => {
    const { repo, outside, specs } = world();
    fs.symlinkSync(path.join(outside, 'spec'), path.join(specs, 'linked'));
    fs.mkdirSync(path.join(specs, 'dangling'));
    fs.symlinkSync(path.join(outside, 'gone.md'), path.join(specs, 'dangling', 'tasks.md'));
    const listed = await listSpecs(repo);
    expect(listed.map((s) => [s.name, s.problem ?? null, s.tasks.total])).toEqual([
      ['dangling', expect.stringMatching(/tasks\.md.*leads nowhere/), 0],
      ['good', null, 2],
      ['linked', expect.stringMatching(/leads outside the repository/), 0],
    ]);
  });

  it('keeps editing a tasks.md symlinked inside the repository, at its target', async () => {
    const { specs } = world();
    fs.mkdirSync(path.join(specs, 'alias'));
    fs.symlinkSync(path.join(specs, 'good', 'tasks.md'), path.join(specs, 'alias', 'tasks.md'));
    expect(await editSpecFile(path.join(specs, 'alias', 'tasks.md'), (t) => setTaskStatus(t, '2', 'done'))).toEqual({
      changed: true,
    });
    expect(fs.readFileSync(path.join(specs, 'good', 'tasks.md'), 'utf8')).toBe(TASKS.replace('- [ ] 2.', '- [x] 2.'));
    expect(fs.lstatSync(path.join(specs, 'alias', 'tasks.md')).isSymbolicLink()).toBe(true);
  });

  it('refuses to create a spec through a shipped .kiro symlink', async () => {
    const repo = tempDir();
    const outside = tempDir();
    fs.symlinkSync(outside, path.join(repo, '.kiro'));
    await expect(
      createSpec(repo, 'new-thing', { kind: 'feature', workflow: 'requirements-first' }),
    ).rejects.toMatchObject({ code: 'outside-repository' });
    expect(fs.readdirSync(outside)).toEqual([]);
  });
});
