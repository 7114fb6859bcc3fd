import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const CODEX_VERSION = '0.169.0';
const CACHE = path.resolve('bench/.cache/codex');

/**
 * The real Codex CLI from npm, installed once into an ignored cache folder so
 * both agents run the same scenario against the same mock in one bench run.
 * Returns null (and says why) where it cannot be installed.
 */
export function codexBinary(): { bin: string } | { skipped: string } {
  const bin = path.join(CACHE, 'node_modules/.bin/codex');
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(CACHE, { recursive: true });
    if (!fs.existsSync(path.join(CACHE, 'package.json'))) fs.writeFileSync(path.join(CACHE, 'package.json'), '{"private":true}\n');
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', `@openai/codex@${CODEX_VERSION}`], { cwd: CACHE, encoding: 'utf8' });
    if (install.status !== 0 || !fs.existsSync(bin)) return { skipped: `could not install @openai/codex@${CODEX_VERSION}: ${install.stderr.trim().split('\n').at(-1)}` };
  }
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) return { skipped: `codex does not run here: ${version.stderr.trim().split('\n')[0]}` };
  return { bin };
}

/** A CODEX_HOME whose provider block points at the mock model, with retries off so a dead server fails fast. */
export function codexHome(dir: string, mockUrl: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'config.toml'),
    `model = "gpt-5-codex"
model_provider = "mock"
[model_providers.mock]
name = "Mock"
base_url = "${mockUrl}/v1"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0
`,
  );
  return dir;
}
