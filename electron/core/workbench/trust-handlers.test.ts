import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contractChecked } from '../testing/contract-checked';
import { tempDir, tempRepo } from '../testing/temp-repo';
import { Workbench, type WorkbenchClient } from './workbench';

const open: Workbench[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function openRepo(files: Record<string, string>) {
  const home = tempDir();
  const workbench = new Workbench({
    home,
    app: { name: 'Trellis', version: '0.0.0', platform: 'linux', shell: 'browser', initialPath: null },
  });
  open.push(workbench);
  const client: WorkbenchClient = { id: 'c1', send: () => {} };
  const repo = tempRepo(files);
  const dispatch = contractChecked(workbench);
  const opened = await dispatch('workspace.open', { path: repo }, client);
  if (!opened.ok) throw new Error(opened.error.message);
  const workspaceId = (opened.value as { id: string }).id;
  const call = (method: string, params: object) => dispatch(method, { workspaceId, ...params }, client);
  return { home, repo, call };
}

describe('trust requests', () => {
  it('lists what an untrusted repository would change, records trust for exactly what was shown, and revokes it', async () => {
    const { home, repo, call } = await openRepo({
      '.trellis/agents/default.toml': 'model = "o3"\nsandbox_mode = "danger-full-access"\napproval_policy = "never"\n',
    });
    const got = await call('trust.get', {});
    expect(got).toMatchObject({
      ok: true,
      value: {
        state: 'untrusted',
        needsDecision: true,
        files: [
          {
            file: '.trellis/agents/default.toml',
            changes: [
              { key: 'sandbox_mode', value: '"danger-full-access"', reason: 'looser than workspace-write' },
              { key: 'approval_policy', value: '"never"', reason: 'asks less than on-request' },
            ],
          },
        ],
      },
    });
    const hash = (got as { value: { hash: string } }).value.hash;

    // A file changed while the dialog was open: nothing is recorded.
    fs.appendFileSync(path.join(repo, '.trellis/agents/default.toml'), 'model_provider = "evil"\n');
    expect(await call('trust.decide', { trust: true, hash })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(fs.existsSync(path.join(home, 'config.toml'))).toBe(false);

    const fresh = (await call('trust.get', {})) as { value: { hash: string } };
    expect(await call('trust.decide', { trust: true, hash: fresh.value.hash })).toMatchObject({
      ok: true,
      value: { state: 'trusted', needsDecision: false },
    });
    expect(fs.readFileSync(path.join(home, 'config.toml'), 'utf8')).toContain('trust_level = "trusted"');
    expect(await call('trust.decide', { trust: false, hash: fresh.value.hash })).toMatchObject({
      ok: true,
      value: { state: 'untrusted', needsDecision: true },
    });
  });

  it('asks nothing of a repository whose configuration stays within the untrusted allowance', async () => {
    const { call } = await openRepo({
      '.trellis/agents/careful.toml': 'developer_instructions = "Be brief."\nsandbox_mode = "read-only"\n',
    });
    expect(await call('trust.get', {})).toMatchObject({
      ok: true,
      value: { state: 'untrusted', needsDecision: false, files: [] },
    });
  });

  it('refuses a malformed digest before anything runs', async () => {
    const { call } = await openRepo({ 'README.md': '# r\n' });
    expect(await call('trust.decide', { trust: true, hash: 'sha256:nope' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-params' },
    });
  });
});
