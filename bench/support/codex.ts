import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The release the baseline figures come from. */
export const CODEX_VERSION = '0.171.0';
const CACHE = path.resolve('bench/.cache/codex');

/** Rust target triples of Codex's per-platform npm packages, as its launcher (bin/codex.js) picks them. */
const TRIPLES: Record<string, string> = {
  'linux-x64': 'x86_64-unknown-linux-musl',
  'linux-arm64': 'aarch64-unknown-linux-musl',
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
  'win32-x64': 'x86_64-pc-windows-msvc',
  'win32-arm64': 'aarch64-pc-windows-msvc',
};

export interface CodexInstall {
  /** The npm launcher: a Node script that execs the native binary. */
  launcher: string;
  /** The native binary itself, as a standalone install runs it: the baseline of every Codex figure. */
  native: string;
  version: string;
}

/**
 * The real Codex CLI from npm, installed once into an ignored cache folder (again when the cached
 * one is another version) so both agents run the same scenario against the same mock in one
 * bench run. Says why where it cannot be installed or run.
 */
export function codexBinary(): CodexInstall | { skipped: string } {
  const launcher = path.join(CACHE, 'node_modules/.bin/codex');
  const platform = `${process.platform}-${process.arch}`;
  const triple = TRIPLES[platform];
  if (!triple) return { skipped: `Codex ships no native binary for ${platform}` };
  const native = path.join(
    CACHE,
    `node_modules/@openai/codex-${platform}/vendor/${triple}/bin/codex${process.platform === 'win32' ? '.exe' : ''}`,
  );
  const installed = () =>
    fs.existsSync(native) &&
    spawnSync(native, ['--version'], { encoding: 'utf8' }).stdout?.trim() === `codex-cli ${CODEX_VERSION}`;
  if (!installed()) {
    fs.mkdirSync(CACHE, { recursive: true });
    if (!fs.existsSync(path.join(CACHE, 'package.json')))
      fs.writeFileSync(path.join(CACHE, 'package.json'), '{"private":true}\n');
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', `@openai/codex@${CODEX_VERSION}`], {
      cwd: CACHE,
      encoding: 'utf8',
    });
    if (install.status !== 0)
      return {
        skipped: `could not install @openai/codex@${CODEX_VERSION}: ${install.stderr.trim().split('\n').at(-1)}`,
      };
  }
  const version = spawnSync(native, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0)
    return { skipped: `codex does not run here: ${(version.stderr ?? String(version.error)).trim().split('\n')[0]}` };
  return { launcher, native, version: version.stdout.trim().replace(/^codex-cli /, '') };
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
