// How loadConfig layers settings: [profiles.*] and --profile, -c overrides, and --ignore-user-config.
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { ConfigError } from './config-error';
import { DEFAULT_SANDBOX_MODE, loadConfig } from './load-config';
import { failure, home } from './load-config-fixtures';

describe('loadConfig profiles', () => {
  const PROFILES = [
    'model = "gpt-5"', // 1
    'profile = "fast"', // 2
    '[sandbox_workspace_write]', // 3
    'network_access = false', // 4
    'writable_roots = ["/a"]', // 5
    '[profiles.fast]', // 6
    'model = "gpt-5-mini"', // 7
    'model_reasoning_effort = "low"', // 8
    '[profiles.fast.sandbox_workspace_write]', // 9
    'network_access = true', // 10
    '[profiles.deep]', // 11
    'model = "o3"', // 12
    'approval_policy = "untrusted"', // 13
  ];

  it('layers the default profile over the base, table by table', async () => {
    const { config } = await loadConfig({ home: home(...PROFILES) });
    expect(config).toMatchObject({
      profile: 'fast',
      model: 'gpt-5-mini',
      model_reasoning_effort: 'low',
      sandbox_workspace_write: { network_access: true, writable_roots: ['/a'] },
    });
  });

  it('lets --profile win over the file and leaves unset keys at the base', async () => {
    const { config } = await loadConfig({ home: home(...PROFILES), profile: 'deep' });
    expect(config).toMatchObject({
      profile: 'deep',
      model: 'o3',
      approval_policy: 'untrusted',
      sandbox_workspace_write: { network_access: false },
    });
    expect(config.model_reasoning_effort).toBeUndefined();
  });

  it('applies no profile when none is selected', async () => {
    const { config } = await loadConfig({ home: home('model = "gpt-5"', '[profiles.fast]', 'model = "gpt-5-mini"') });
    expect(config.model).toBe('gpt-5');
    expect(config.profile).toBeUndefined();
  });

  it('rejects an unknown profile, naming where it was selected', async () => {
    const dir = home(...PROFILES);
    expect((await failure({ home: dir, profile: 'nope' })).message).toBe(
      'profile: unknown profile "nope"; known: deep, fast',
    );
    const fromFile = home('profile = "nope"', '[profiles.fast]');
    expect((await failure({ home: fromFile })).message).toBe(
      `${fromFile}/config.toml:1: profile: unknown profile "nope"; known: fast`,
    );
    expect((await failure({ home: tempDir(), overrides: ['profile=x'] })).message).toBe(
      '-c profile: unknown profile "x"; known: (none defined)',
    );
  });

  it('reports a bad value inside a profile at its line', async () => {
    const dir = home('[profiles.ci]', 'model = "o3"', 'sandbox_mode = "yolo"');
    expect((await failure({ home: dir })).message).toBe(
      `${dir}/config.toml:3: profiles.ci.sandbox_mode: expected one of read-only, workspace-write, danger-full-access, got "yolo"`,
    );
  });

  it('rejects a profile nested in a profile', async () => {
    const dir = home('[profiles.a]', 'profile = "b"');
    expect((await failure({ home: dir })).message).toBe(`${dir}/config.toml:2: profiles.a.profile: unknown key`);
  });
});

describe('loadConfig -c overrides', () => {
  it('applies TOML values and raw strings over the file', async () => {
    const { config } = await loadConfig({
      home: home('model = "gpt-5"', '[sandbox_workspace_write]', 'network_access = false'),
      overrides: [
        'model="o3"',
        'sandbox_workspace_write.network_access=true',
        'model_providers.x.base_url="http://127.0.0.1:8080/v1"',
        'model_providers.x.wire_api=chat',
        'model_provider=x',
        'shell_environment_policy.set={ A = "1" }',
      ],
    });
    expect(config).toMatchObject({
      model: 'o3',
      model_provider: 'x',
      sandbox_workspace_write: { network_access: true },
      shell_environment_policy: { set: { A: '1' } },
    });
    expect(config.model_providers.x).toMatchObject({
      name: 'x',
      base_url: 'http://127.0.0.1:8080/v1',
      wire_api: 'chat',
    });
  });

  it('beats the profile, and can select or edit one', async () => {
    const dir = home('[profiles.fast]', 'model = "gpt-5-mini"', 'approval_policy = "never"');
    const { config } = await loadConfig({ home: dir, profile: 'fast', overrides: ['model=o3'] });
    expect(config).toMatchObject({ model: 'o3', approval_policy: 'never' });
    const selected = await loadConfig({ home: dir, overrides: ['profile=fast', 'profiles.fast.model=gpt-5'] });
    expect(selected.config).toMatchObject({ profile: 'fast', model: 'gpt-5', approval_policy: 'never' });
  });

  it('names -c key in errors', async () => {
    const dir = tempDir();
    expect((await failure({ home: dir, overrides: ['approval_policy=sometimes'] })).message).toBe(
      '-c approval_policy: expected one of untrusted, on-request, on-failure, never, got "sometimes"',
    );
    expect((await failure({ home: dir, overrides: ['nonsense.key=1'] })).message).toBe(
      '-c nonsense.key: nonsense: unknown key',
    );
    expect((await failure({ home: dir, overrides: ['agents.max_threads=two'] })).message).toBe(
      '-c agents.max_threads: expected an integer, got a string',
    );
    expect((await failure({ home: dir, overrides: ['model_providers.x={ base_url = 3 }'] })).message).toBe(
      '-c model_providers.x: model_providers.x.base_url: expected a string, got an integer',
    );
    expect((await failure({ home: dir, overrides: ['model_provider=nowhere'] })).message).toBe(
      '-c model_provider: unknown model provider nowhere; known: anthropic, lmstudio, ollama, openai',
    );
    expect((await failure({ home: dir, overrides: ['model_providers.y.name="Y"'] })).message).toBe(
      '-c model_providers.y.name: model_providers.y.base_url: required for a provider that is not built in',
    );
  });

  it('warns about ignored Codex keys set with -c', async () => {
    const { warnings } = await loadConfig({ home: tempDir(), overrides: ['tui.notifications=true'] });
    expect(warnings).toEqual(['-c tui.notifications: tui: Codex setting not supported by Trellis; ignored']);
  });
});

describe('loadConfig ignoreUserConfig (--ignore-user-config)', () => {
  it('does not read config.toml, even a broken one; overrides and defaults still apply', async () => {
    const dir = home('model = [unclosed', 'sandbox_mode = "danger-full-access"');
    await expect(loadConfig({ home: dir })).rejects.toThrow(ConfigError);
    const { config } = await loadConfig({
      home: dir,
      ignoreUserConfig: true,
      overrides: ['model="gpt-ci"', 'approval_policy="never"'],
    });
    expect(config.model).toBe('gpt-ci');
    expect(config.approval_policy).toBe('never');
    expect(config.sandbox_mode).toBe(DEFAULT_SANDBOX_MODE);
  });

  it('ignores a valid file pointing elsewhere too, and knows only the profiles -c defines', async () => {
    const dir = home('model = "from-file"', '[profiles.ci]', 'model = "from-file-profile"');
    const { config } = await loadConfig({
      home: dir,
      ignoreUserConfig: true,
      profile: 'ci',
      overrides: ['profiles.ci.model="from-flag-profile"'],
    });
    expect(config.model).toBe('from-flag-profile');
    await expect(loadConfig({ home: dir, ignoreUserConfig: true, profile: 'ci' })).rejects.toThrow(
      'profile: unknown profile "ci"; known: (none defined) (config.toml is not read with --ignore-user-config: define it with -c profiles.ci.KEY=VALUE)',
    );
  });
});
