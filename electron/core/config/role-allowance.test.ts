import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { judgeRole, narrowBaseline, type RoleBaseline } from './role-allowance';

const CREW: RoleBaseline = {
  sandbox_mode: 'workspace-write',
  approval_policy: 'on-request',
  network_access: false,
  deny_read: [],
};
const judge = (toml: string, baseline = CREW) => judgeRole(parse(toml), 'r.toml', baseline, false);

describe('the untrusted allowance for a repository role', () => {
  it('refuses a key however TOML spells it: dotted, quoted, inline table, nested header', () => {
    for (const toml of [
      'sandbox_workspace_write.network_access = true',
      '"sandbox_workspace_write".network_access = true',
      'sandbox_workspace_write = { network_access = true }',
      '[sandbox_workspace_write]\nnetwork_access = true',
    ]) {
      expect(judge(toml), toml).toEqual({
        overrides: [],
        changes: [
          { file: 'r.toml', key: 'sandbox_workspace_write.network_access', value: 'true', reason: 'opens the network' },
        ],
      });
    }
  });

  it('a key that only looks like an allowed one is refused: a quoted dotted name, a table where a string belongs', () => {
    expect(judge('"model.x" = "o3"').overrides).toEqual([]);
    expect(judge('[model]\nname = "o3"')).toEqual({
      overrides: [],
      changes: [{ file: 'r.toml', key: 'model.name', value: '"o3"', reason: 'expected a string' }],
    });
    expect(judge('sandbox_mode = ["read-only"]').changes.map((c) => c.key)).toEqual(['sandbox_mode']);
    expect(judge('sandbox_mode = "READ-ONLY"').changes.map((c) => c.key)).toEqual(['sandbox_mode']);
  });

  it('every key not named as allowed needs trust, including ones added to the config later', () => {
    const keys = [
      'crew',
      'agents',
      'budgets',
      'model_prices',
      'mcp_servers',
      'project_doc_fallback_filenames',
      'some_future_key',
    ];
    const toml = keys.map((k) => `${k} = 1`).join('\n');
    expect(judge(toml).changes.map((c) => c.key)).toEqual(keys);
  });

  it('a stricter value is stricter than the baseline, whatever it is', () => {
    const readOnly = { ...CREW, sandbox_mode: 'read-only' as const, approval_policy: 'untrusted' as const };
    expect(
      judge('sandbox_mode = "workspace-write"\napproval_policy = "on-request"', readOnly).changes.map((c) => c.reason),
    ).toEqual(['looser than read-only', 'asks less than untrusted']);
    expect(judge('approval_policy = "on-failure"').changes.map((c) => c.reason)).toEqual(['asks less than on-request']);
    expect(judge('approval_policy = "untrusted"\nsandbox_mode = "read-only"').changes).toEqual([]);
  });

  it("a role's own overrides narrow the baseline for a repository role of the same name", () => {
    expect(
      narrowBaseline(CREW, [
        'sandbox_mode="read-only"',
        'sandbox_workspace_write={ "network_access" = true }',
        'sandbox.deny_read=["/a"]',
      ]),
    ).toEqual({
      sandbox_mode: 'read-only',
      approval_policy: 'on-request',
      network_access: true,
      deny_read: ['/a'],
    });
  });
});
