// The mock model's command line: a scenario file served on a printed URL, a bad one refused readably.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';

describe('cli', () => {
  it('serves a scenario file and prints its URL', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mock-model-'));
    const file = path.join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify({ turns: [{ items: [{ type: 'message', text: 'from the cli' }] }] }));
    const tsx = path.resolve('node_modules/.bin/tsx');
    const child = spawn(tsx, [path.resolve('e2e/mock-model/cli.ts'), '--scenario', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${url}/v1`, maxRetries: 0 });
      const final = await client.responses.stream({ model: 'm', input: 'hi' }).finalResponse();
      expect(final.output_text).toBe('from the cli');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('rejects an invalid scenario with a readable error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mock-model-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ turns: [{ items: [{ type: 'shout', text: 'x' }] }] }));
    const child = spawn(path.resolve('node_modules/.bin/tsx'), [
      path.resolve('e2e/mock-model/cli.ts'),
      '--scenario',
      file,
    ]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/invalid mock scenario/);
  });
});
