import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startMockModel, type MockModelServer, type MockScenario } from '../mock-model';
import { tempDir } from '../../electron/core/testing/temp-repo';

export interface ExecRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A Trellis home whose config points at a mock model, as a Codex user's provider block would. */
export async function mockedHome(
  scenario: MockScenario,
  extraToml = '',
  wireApi = 'responses',
): Promise<{ home: string; model: MockModelServer }> {
  const model = await startMockModel(scenario);
  return { home: mockConfiguredHome(model.url, extraToml, wireApi), model };
}

/** A fresh Trellis home with a config.toml whose provider is the mock model at `url`. */
export function mockConfiguredHome(url: string, extraToml = '', wireApi = 'responses'): string {
  const home = tempDir('trellis-home-');
  const baseUrl = wireApi === 'anthropic' ? url : `${url}/v1`;
  fs.writeFileSync(
    path.join(home, 'config.toml'),
    `model = "gpt-test"
model_provider = "mock"
sandbox_mode = "danger-full-access"
${extraToml}
[model_providers.mock]
name = "Mock"
base_url = "${baseUrl}"
wire_api = "${wireApi}"
request_max_retries = 0
stream_max_retries = 1
`,
  );
  return home;
}

/** Run the built `trellis` CLI. */
export function trellis(
  args: string[],
  options: {
    home: string;
    cwd: string;
    input?: string;
    env?: Record<string, string>;
    onStdout?: (text: string) => void;
  },
): { done: Promise<ExecRun>; pid: number } {
  const child = spawn(process.execPath, [path.resolve('bin/trellis.js'), ...args], {
    cwd: options.cwd,
    env: { ...process.env, TRELLIS_HOME: options.home, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
    options.onStdout?.(stdout);
  });
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(options.input ?? '');
  const done = new Promise<ExecRun>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { done, pid: child.pid! };
}

export function sessionLogs(home: string): string[] {
  const root = path.join(home, 'sessions');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => path.join(root, f));
}
