import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mockedHome } from './support/exec-harness';

/**
 * What a start of the built CLI loads: the entry bundle and the bundle of the command that runs (a
 * session adds the SDK of its wire API), nothing from node_modules, and no fetch (undici) unless the
 * command talks to a model.
 * Module loads are recorded by a loader hook; Node's own modules by process.moduleLoadList.
 */
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-cli-startup-'));
test.afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let runs = 0;

/** Runs the built CLI (asynchronously: the mock model answers from this process) and lists what it loaded. */
async function loads(
  args: string[],
  home = fs.mkdtempSync(path.join(scratch, 'home-')),
): Promise<{ status: number | null; stderr: string; files: string[]; builtins: string[] }> {
  const log = path.join(scratch, `loads-${++runs}.txt`); // unique within this run's scratch folder
  const hooks = path.join(scratch, 'hooks.mjs');
  fs.writeFileSync(
    hooks,
    `import fs from 'node:fs';\nexport async function load(url, context, next) {\n  if (url.startsWith('file:')) fs.appendFileSync(process.env.TRELLIS_TEST_LOADS, url + '\\n');\n  return next(url, context);\n}\n`,
  );
  const register = path.join(scratch, 'register.mjs');
  fs.writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\nprocess.on('exit', () => fs.appendFileSync(process.env.TRELLIS_TEST_LOADS, process.moduleLoadList.map((m) => 'builtin:' + m).join('\\n') + '\\n'));\nimport fs from 'node:fs';\n`,
  );
  const child = spawn(
    process.execPath,
    ['--import', pathToFileURL(register).href, path.resolve('bin/trellis.js'), ...args],
    {
      cwd: scratch,
      env: { ...process.env, TRELLIS_HOME: home, TRELLIS_TEST_LOADS: log },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const lines = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  const root = pathToFileURL(path.resolve('.')).href + '/';
  return {
    status,
    stderr,
    files: lines
      .filter((l) => l.startsWith('file:') && !l.startsWith(pathToFileURL(scratch).href))
      .map((l) => (l.startsWith(root) ? l.slice(root.length) : l)),
    builtins: lines.filter((l) => l.startsWith('builtin:')).map((l) => l.slice('builtin:'.length)),
  };
}

test('trellis --version loads the entry bundle alone', async () => {
  const run = await loads(['--version']);
  expect(run.status, run.stderr).toBe(0);
  expect(run.files).toEqual(['bin/trellis.js', 'out/cli/trellis.js']);
});

test('trellis sandbox loads its own bundle and nothing else: no node_modules, no fetch, no model SDK', async () => {
  const run = await loads(['sandbox', '--sandbox', 'danger-full-access', '--', 'true']);
  expect(run.status, run.stderr).toBe(0);
  expect(run.files).toEqual(['bin/trellis.js', 'out/cli/trellis.js', 'out/cli/commands/sandbox-command.js']);
  expect(run.builtins.filter((m) => m.includes('undici') || m === 'NativeModule v8')).toEqual([]);
  // Both model SDKs send X-Stainless-Lang: exec's model files carry them, the sandbox bundle must not.
  const execModels = fs.readdirSync('out/cli/commands/exec-command').filter((f) => f.startsWith('model-'));
  expect(
    execModels
      .map((f) => fs.readFileSync(path.join('out/cli/commands/exec-command', f), 'utf8'))
      .every((code) => /x-stainless-lang/i.test(code)),
  ).toBe(true);
  expect(fs.readFileSync('out/cli/commands/sandbox-command.js', 'utf8')).not.toMatch(/x-stainless-lang/i);
});

test('trellis apply-patch and spec lint load only their own bundle too', async () => {
  const patch = await loads(['apply-patch', '--cd', '/definitely/not/here']);
  expect(patch.status).toBe(2);
  expect(patch.files).toEqual(['bin/trellis.js', 'out/cli/trellis.js', 'out/cli/commands/apply-patch-command.js']);
  const lint = await loads(['spec', 'lint', '/definitely/not/here']);
  expect(lint.status).not.toBe(0);
  expect(lint.files).toEqual(['bin/trellis.js', 'out/cli/trellis.js', 'out/cli/commands/spec-command.js']);
});

test('trellis exec loads its bundle and the SDK of its wire API only', async () => {
  const { home, model } = await mockedHome({ turns: [{ items: [{ type: 'message', text: 'Hello.' }] }] });
  try {
    const run = await loads(['exec', '--ephemeral', '--skip-git-repo-check', 'say hello'], home);
    expect(run.status, run.stderr).toBe(0);
    expect(run.files.slice(0, 3)).toEqual(['bin/trellis.js', 'out/cli/trellis.js', 'out/cli/commands/exec-command.js']);
    expect(run.files.filter((f) => f.startsWith('out/cli/commands/exec-command/model-'))).toEqual([
      expect.stringMatching(/\/model-openai-[\w-]+\.js$/),
    ]);
    expect(run.files.every((f) => f.startsWith('bin/') || f.startsWith('out/cli/'))).toBe(true);
    // No MCP server is configured: the MCP client (its SDK, 360 KB) is a file of its own, not even parsed.
    expect(run.files.filter((f) => f.includes('/mcp-client-'))).toEqual([]);
    expect(fs.readFileSync('out/cli/commands/exec-command.js', 'utf8')).not.toContain(
      'class StreamableHTTPClientTransport',
    );
  } finally {
    await model.close();
  }
});
