import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { specRequests } from '../../contract';
import { tempDir, writeFiles } from '../testing/temp-repo';
import { specHandlers, type SpecWorkspace } from './spec-handlers';

const REQUIREMENTS = `# Requirements Document

## Requirements

### Requirement 1: Export

**User Story:** As a user, I want to export, so that I can share.

#### Acceptance Criteria

1. WHEN the user clicks Export, THE System SHALL write a file.
2. The file is nice
`;

const TASKS = `# Implementation Plan

## Tasks

- [ ] 1. First
  - _Requirements: 1.1_
- [ ] 2. Second
  - _Depends: 1_
  - _Requirements: 1.2_
`;

function setup() {
  const root = tempDir();
  writeFiles(root, { '.kiro/specs/export/requirements.md': REQUIREMENTS, '.kiro/specs/export/tasks.md': TASKS });
  const watched: string[] = [];
  const workspace: SpecWorkspace = { root, listDir: async (dir) => void watched.push(dir) };
  const handlers = specHandlers<null>(() => workspace);
  return { root, watched, handlers };
}

describe('spec handlers', () => {
  it('lists specs and watches their folders', async () => {
    const { handlers, watched } = setup();
    const specs = await handlers['specs.list']({ workspaceId: 'w' }, null);
    expect(specs.map((s) => [s.name, s.kind, s.tasks.total])).toEqual([['export', 'feature', 2]]);
    expect(watched).toContain('.kiro/specs/export');
  });

  it('loads documents, the graph and diagnostics with workspace-relative paths', async () => {
    const { handlers } = setup();
    const spec = await handlers['specs.load']({ workspaceId: 'w', spec: 'export' }, null);
    expect(spec.path).toBe('.kiro/specs/export');
    expect(spec.documents.map((d) => [d.kind, d.path])).toEqual([
      ['requirements', '.kiro/specs/export/requirements.md'],
      ['tasks', '.kiro/specs/export/tasks.md'],
    ]);
    expect(spec.graph?.tasks.map((t) => [t.id, t.dependsOn])).toEqual([
      ['1', []],
      ['2', ['1']],
    ]);
    const ears = spec.diagnostics.find((d) => d.code.startsWith('ears'));
    expect(ears).toMatchObject({ file: '.kiro/specs/export/requirements.md', line: 12, severity: 'warning' });
    expect(spec.requirements[0].criteria.map((c) => c.id)).toEqual(['1.1', '1.2']);
  });

  it('sets a task status by changing one character of tasks.md', async () => {
    const { handlers, root } = setup();
    const spec = await handlers['specs.setTaskStatus'](
      { workspaceId: 'w', spec: 'export', taskId: '2', status: 'in_progress' },
      null,
    );
    expect(spec.graph?.tasks.find((t) => t.id === '2')?.status).toBe('in_progress');
    expect(fs.readFileSync(path.join(root, '.kiro/specs/export/tasks.md'), 'utf8')).toBe(
      TASKS.replace('- [ ] 2.', '- [-] 2.'),
    );
    await expect(
      handlers['specs.setTaskStatus']({ workspaceId: 'w', spec: 'export', taskId: '9', status: 'done' }, null),
    ).rejects.toMatchObject({ code: 'unknown-task' });
  });

  it('creates a spec and refuses a taken name as an expected failure', async () => {
    const { handlers, root } = setup();
    const created = await handlers['specs.create'](
      { workspaceId: 'w', name: 'csv-fix', kind: 'bugfix', workflow: 'requirements-first' },
      null,
    );
    expect(created.path).toBe('.kiro/specs/csv-fix');
    expect(created.files).toContain('.kiro/specs/csv-fix/bugfix.md');
    expect(fs.existsSync(path.join(root, '.kiro/specs/csv-fix/.config.kiro'))).toBe(true);
    await expect(
      handlers['specs.create']({ workspaceId: 'w', name: 'export', kind: 'feature', workflow: 'quick' }, null),
    ).rejects.toMatchObject({ code: 'exists' });
  });

  it('refuses names that leave .kiro/specs, and symlinked folders that lead outside the repository', async () => {
    const load = specRequests()['specs.load'].params;
    for (const spec of ['..', '.', '../x', 'a/b', 'a\\b', ''])
      expect(load.safeParse({ workspaceId: 'w', spec }).success).toBe(false);
    expect(
      specRequests()['specs.create'].params.safeParse({
        workspaceId: 'w',
        name: '../../etc',
        kind: 'feature',
        workflow: 'quick',
      }).success,
    ).toBe(false);

    const { handlers, root } = setup();
    const outside = tempDir();
    writeFiles(outside, { 'tasks.md': TASKS });
    fs.symlinkSync(outside, path.join(root, '.kiro/specs/escape'));
    await expect(handlers['specs.load']({ workspaceId: 'w', spec: 'escape' }, null)).rejects.toMatchObject({
      code: 'outside-workspace',
    });
    await expect(handlers['specs.load']({ workspaceId: 'w', spec: 'missing' }, null)).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});
