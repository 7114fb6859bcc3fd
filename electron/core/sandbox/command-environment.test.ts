import { describe, expect, it } from 'vitest';
import { commandEnvironment, DEFAULT_ENVIRONMENT_POLICY, isSecretVariable } from './command-environment';

describe('isSecretVariable', () => {
  it('matches credential-looking names', () => {
    for (const name of [
      'OPENAI_API_KEY',
      'GITHUB_TOKEN',
      'AWS_SECRET_ACCESS_KEY',
      'DB_PASSWORD',
      'SSH_AUTH_SOCK',
      'my_api_key',
    ])
      expect(isSecretVariable(name), name).toBe(true);
    for (const name of ['PATH', 'HOME', 'LANG', 'TERM', 'EDITOR'])
      expect(isSecretVariable(name, '/usr/bin'), name).toBe(false);
  });

  it('matches well-known credential formats under any name', () => {
    for (const value of [
      'sk-proj-abcdefghijklmnopqrstuvwxyz',
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
      'glpat-abcdefghijklmnopqrst',
      'xoxb-1234567890-abcdef',
      'AKIAABCDEFGHIJKLMNOP',
    ]) {
      expect(isSecretVariable('INNOCENT', value), value).toBe(true);
    }
    for (const value of ['sk-short', 'main', '/home/u/.cache', 'ghp_'])
      expect(isSecretVariable('INNOCENT', value), value).toBe(false);
  });
});

describe('credentials by their shape', () => {
  // Built from parts so no scanner mistakes this file for a leak.
  const j = (...parts: string[]) => parts.join('');
  const secrets: Record<string, string> = {
    'a database URL with a password': 'postgres://app:hunter2@db.internal:5432/prod',
    'a password with an empty user': 'redis://:s3cret@cache:6379/0',
    'a password in an https URL': 'https://deploy:pa55@git.example.com/org/repo.git',
    'a proxy with a password': 'http://me:pw@proxy.corp:3128',
    'a Slack webhook': j('https://hooks.slack.com/services/', 'T000/B000/XXXXXXXXXXXXXXXX'),
    'a Discord webhook': j('https://discord.com/api/webhooks/', '123/abcdef'),
    'a private key block': j('-----BEGIN OPENSSH ', 'PRIVATE KEY-----\nb3Blbn\n'),
    'a JWT': j('eyJhbGciOiJIUzI1NiJ9', '.eyJzdWIiOiIxMjM0NTY3ODkwIn0', '.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'),
    'an OpenAI key': j('sk-', 'proj-', 'abcdefghijklmnopqrstuvwxyz012345'),
    'an Anthropic key': j('sk-', 'ant-api03-', 'abcdefghijklmnopqrstuvwxyz012345'),
    'a GitHub classic token': j('gh', 'p_', 'abcdefghijklmnopqrstuvwxyz0123456789'),
    'a GitHub OAuth token': j('gh', 'o_', 'abcdefghijklmnopqrstuvwxyz0123456789'),
    'a GitHub fine-grained token': j('github', '_pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'),
    'a GitLab token': j('gl', 'pat-', 'abcdefghijklmnopqrst'),
    'a Slack bot token': j('xo', 'xb-', '1234567890-abcdefghij'),
    'an AWS access key id': j('AK', 'IA', 'ABCDEFGHIJKLMNOP'),
    'a Google API key': j('AI', 'za', 'SyA-abcdefghijklmnopqrstuvwxyz0123456'),
    'an npm token': j('np', 'm_', 'abcdefghijklmnopqrstuvwxyz0123456789'),
    'a Hugging Face token': j('h', 'f_', 'abcdefghijklmnopqrstuvwxyz0123456789'),
    'a Stripe secret key': j('sk', '_live_', 'abcdefghijklmnopqrstuvwx'),
    'an Azure connection string':
      'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc123==;EndpointSuffix=core.windows.net',
    'an ADO connection string': 'Server=db;Database=app;User Id=sa;Password=hunter2;',
    'a token inside a longer value': j(
      '--header=Authorization: token ',
      'gh',
      'p_',
      'abcdefghijklmnopqrstuvwxyz0123456789',
    ),
  };
  for (const [what, value] of Object.entries(secrets)) {
    it(`removes ${what}, whatever the variable is called`, () => {
      expect(isSecretVariable('INNOCENT_LOOKING', value)).toBe(true);
      expect(commandEnvironment({ PATH: '/bin', INNOCENT_LOOKING: value }, DEFAULT_ENVIRONMENT_POLICY)).toEqual({
        PATH: '/bin',
      });
    });
  }

  const harmless: Record<string, string> = {
    'a URL with only a user': 'https://git@github.com/org/repo.git',
    'a proxy without a password': 'http://proxy.corp:3128',
    'a database URL without a password': 'postgres://app@db.internal/prod',
    'a colon and @ in a URL path': 'https://example.com/a:b@c',
    'an scp-style git remote': 'git@github.com:org/repo.git',
    'a PATH': '/usr/local/bin:/usr/bin:/bin',
    'a short sk- word': 'sk-learn',
    'a bare prefix': 'ghp_',
    'a display': ':0',
    'a base64 blob that is not a JWT': 'eyJmb28iOiJiYXIifQ==',
    'a colour list': 'di=01;34:ln=01;36:so=01;35:pi=40;33',
    'an npm config path': '/home/u/.npm/_cacache',
    'a Slack web page': 'https://app.slack.com/client/T000',
  };
  for (const [what, value] of Object.entries(harmless)) {
    it(`passes ${what}`, () => {
      expect(isSecretVariable('INNOCENT_LOOKING', value)).toBe(false);
    });
  }

  it('removes names people give credentials: GH_PAT, SLACK_WEBHOOK_URL, SENTRY_DSN; keeps PATH and PATCH_LEVEL', () => {
    for (const name of ['GH_PAT', 'SLACK_WEBHOOK_URL', 'SENTRY_DSN', 'SESSION_COOKIE'])
      expect(isSecretVariable(name, 'x'), name).toBe(true);
    for (const name of ['PATH', 'PATCH_LEVEL', 'DSNAME', 'EDITOR'])
      expect(isSecretVariable(name, 'x'), name).toBe(false);
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

  it('applies exclude and include_only globs to names case-insensitively, as Codex does', () => {
    const source = {
      PATH: '/bin',
      HOME: '/home/u',
      AWS_REGION: 'eu',
      aws_profile: 'dev',
      NPM_CONFIG_CACHE: '/c',
      LANG: 'C',
      LC_ALL: 'C',
      X1: 'a',
      X12: 'b',
    };
    const exclude = commandEnvironment(source, {
      ...DEFAULT_ENVIRONMENT_POLICY,
      exclude: ['aws_*', 'npm_config_?ache', 'x?'],
    });
    expect(Object.keys(exclude).sort()).toEqual(['HOME', 'LANG', 'LC_ALL', 'PATH', 'X12']);
    const only = commandEnvironment(source, {
      ...DEFAULT_ENVIRONMENT_POLICY,
      set: { EXTRA: 'set' },
      includeOnly: ['path', 'l[ac]_*', 'LANG'],
    });
    expect(only).toEqual({ PATH: '/bin', LC_ALL: 'C', LANG: 'C' });
  });
});
