import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import { ConfigError } from '../config/config-error';
import { tempDir } from '../testing/temp-repo';
import { loadRoles, roleFor } from './roles';

function write(file: string, text: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

describe('agent roles', () => {
  it('has default, explorer (read-only) and worker built in', async () => {
    const roles = await loadRoles(tempDir(), tempDir());
    expect([...roles.keys()]).toEqual(['default', 'explorer', 'worker']);
    const { config } = await loadConfig({ home: tempDir(), overrides: roles.get('explorer')!.overrides });
    expect(config.sandbox_mode).toBe('read-only');
    expect(config.developer_instructions).toContain('Do not change files');
  });

  it('reads Codex-style role files from the home and the repository; the repository wins on a name', async () => {
    const home = tempDir();
    const repo = tempDir();
    write(path.join(home, 'agents/reviewer.toml'), 'name = "reviewer"\ndescription = "Reviews"\nmodel = "o4-mini"\nmodel_reasoning_effort = "high"\n');
    write(path.join(home, 'agents/tester.toml'), 'description = "home tester"\nsandbox_mode = "read-only"\n');
    write(path.join(repo, '.trellis/agents/tester.toml'), 'description = "repo tester"\ndeveloper_instructions = "Run the suite."\n[sandbox_workspace_write]\nnetwork_access = true\n');
    const roles = await loadRoles(home, repo);
    expect(roles.get('reviewer')!.overrides).toEqual(['model="o4-mini"', 'model_reasoning_effort="high"']);
    expect(roles.get('tester')!.description).toBe('repo tester');
    // Every override is a config key a session understands: the config loads with them applied.
    const { config } = await loadConfig({ home: tempDir(), overrides: ['sandbox_mode="workspace-write"', ...roles.get('tester')!.overrides] });
    expect(config.developer_instructions).toBe('Run the suite.');
    expect(config.sandbox_workspace_write.network_access).toBe(true);
  });

  it('a task names its role with _Role: NAME_; an unknown one is an error naming the task', async () => {
    const roles = await loadRoles(tempDir(), tempDir());
    expect(roleFor(roles, '1', []).name).toBe('default');
    expect(roleFor(roles, '2', [{ label: 'Role', value: 'worker' }]).name).toBe('worker');
    expect(() => roleFor(roles, '3', [{ label: 'Role', value: 'wizard' }])).toThrow(/task 3 names the role "wizard"; known: default, explorer, worker/);
  });

  it('a malformed role file is a config error naming the file', async () => {
    const home = tempDir();
    write(path.join(home, 'agents/bad.toml'), 'model = \n');
    await expect(loadRoles(home, tempDir())).rejects.toThrow(ConfigError);
    await expect(loadRoles(home, tempDir())).rejects.toThrow(/agents\/bad\.toml/);
  });
});
