import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error';
import { ExpectedFailure } from '../errors/expected-failure';
import { HunkMismatchError } from '../review/apply-hunks';
import { SandboxUnavailableError } from '../sandbox/sandbox-unavailable-error';
import { SpecError } from '../specs/spec-error';
import { tempDir, tempRepo } from '../testing/temp-repo';
import { PatchError } from '../apply-patch/patch-error';
import { WorkspaceError } from '../workspace/workspace-error';
import { Workbench, type WorkbenchClient } from './workbench';

const open: Workbench[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

/** A workbench whose folder dialog throws `thrown`: a handler that fails the way a domain module would. */
function throwingWorkbench(thrown?: unknown) {
  const logged: string[] = [];
  const workbench = new Workbench({
    home: tempDir(),
    app: { name: 'Trellis', version: '0.0.0', platform: 'linux', shell: 'browser', initialPath: null },
    pickFolder: async () => {
      throw thrown;
    },
    log: (message) => logged.push(message),
  });
  open.push(workbench);
  const client: WorkbenchClient = { id: 'c1', send: () => {} };
  const call = (method: string, params: unknown) => workbench.dispatch(method, params, client);
  return { call, logged };
}

describe('Workbench.dispatch and expected failures', () => {
  it.each([
    ['WorkspaceError', new WorkspaceError('not-found', 'There is no folder at /nope.'), 'not-found'],
    ['SpecError', new SpecError('exists', 'A spec named export already exists.'), 'exists'],
    [
      'ConfigError',
      new ConfigError('config.toml:3: sandbox_mode: expected one of read-only, workspace-write, danger-full-access'),
      'config',
    ],
    [
      'SandboxUnavailableError',
      new SandboxUnavailableError('bubblewrap is not installed', 'apt-get install bubblewrap'),
      'sandbox-unavailable',
    ],
    [
      'session refusal',
      new ExpectedFailure('busy', 'The agent is still working on the last prompt; stop it or wait.'),
      'busy',
    ],
    ['crew refusal', new ExpectedFailure('not-running', 'That run has finished.'), 'not-running'],
    ['PatchError', new PatchError('outside-roots', 'a.txt: outside the writable roots.'), 'outside-roots'],
    ['HunkMismatchError', new HunkMismatchError('a.txt', 2, 'the file changed'), 'hunk-mismatch'],
  ])('returns a %s as its code and sentence, not as an internal error', async (_name, error, code) => {
    expect(error).toBeInstanceOf(ExpectedFailure);
    const { call, logged } = throwingWorkbench(error);
    expect(await call('workspace.pickFolder', {})).toEqual({ ok: false, error: { code, message: error.message } });
    expect(logged).toEqual([]);
  });

  it('turns an unexpected error into the one internal failure, and logs its stack', async () => {
    const { call, logged } = throwingWorkbench(new TypeError("Cannot read properties of undefined (reading 'path')"));
    expect(await call('workspace.pickFolder', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: "Cannot read properties of undefined (reading 'path')" },
    });
    expect(logged).toEqual([expect.stringMatching(/^workspace\.pickFolder failed: TypeError: Cannot read properties/)]);
  });

  it('returns a spec error from a real handler with its own code, without re-wrapping', async () => {
    const repo = tempRepo({ '.kiro/specs/export/requirements.md': '# Requirements\n' });
    const { call } = throwingWorkbench();
    const opened = (await call('workspace.open', { path: repo })) as { ok: true; value: { id: string } };
    const workspaceId = opened.value.id;
    expect(
      await call('specs.create', { workspaceId, name: 'export', kind: 'feature', workflow: 'quick' }),
    ).toMatchObject({ ok: false, error: { code: 'exists' } });
    const workflow = await call('specs.startWorkflow', {
      workspaceId,
      name: 'export',
      kind: 'feature',
      workflow: 'quick',
      description: 'Export todos',
    });
    expect(workflow).toMatchObject({
      ok: false,
      error: { code: 'exists', message: expect.stringContaining('export') },
    });
    expect(
      await call('specs.setTaskStatus', { workspaceId, spec: 'export', taskId: '1', status: 'done' }),
    ).toMatchObject({ ok: false, error: { code: 'not-a-spec' } });
  });
});
