import { describe, expect, it } from 'vitest';
import { commandEnvironment, DEFAULT_ENVIRONMENT_POLICY, isSecretVariable } from './command-environment';

describe('isSecretVariable', () => {
  it('matches credential-looking names', () => {
    for (const name of ['OPENAI_API_KEY', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'SSH_AUTH_SOCK', 'my_api_key']) expect(isSecretVariable(name), name).toBe(true);
    for (const name of ['PATH', 'HOME', 'LANG', 'TERM', 'EDITOR']) expect(isSecretVariable(name, '/usr/bin'), name).toBe(false);
  });

  it('matches well-known credential formats under any name', () => {
    for (const value of ['sk-proj-abcdefghijklmnopqrstuvwxyz', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'glpat-abcdefghijklmnopqrst', 'xoxb-1234567890-abcdef', 'AKIAABCDEFGHIJKLMNOP']) {
      expect(isSecretVariable('INNOCENT', value), value).toBe(true);
    }
    for (const value of ['sk-short', 'main', '/home/u/.cache', 'ghp_']) expect(isSecretVariable('INNOCENT', value), value).toBe(false);
  });
});

describe('commandEnvironment', () => {
  it('never passes secrets, whatever the policy sets', () => {
    const env = commandEnvironment(
      { PATH: '/bin', OPENAI_API_KEY: 'x', CUSTOM: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', PROVIDER_VAR: 'y' },
      { ...DEFAULT_ENVIRONMENT_POLICY, set: { FROM_CONFIG: 'ok' } },
      { secretNames: ['PROVIDER_VAR'], add: { TRELLIS_SANDBOX: 'workspace-write' } },
    );
    expect(env).toEqual({ PATH: '/bin', FROM_CONFIG: 'ok', TRELLIS_SANDBOX: 'workspace-write' });
  });
});
