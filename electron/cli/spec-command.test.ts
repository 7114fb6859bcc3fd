import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../core/testing/temp-repo';
import { specStatusCommand } from './spec-command';

describe('specStatusCommand', () => {
  let stdout: string;
  let stderr: string;
  beforeEach(() => {
    stdout = stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['a CRLF file with a BOM', Buffer.from('\uFEFF# Plan\r\n- [ ] 1. Eins — ä\r\n  - [ ] 1.1 Zwei 日本\r\n', 'utf8')],
    // Not valid UTF-8 (a latin1 "é"): decoding and re-encoding would replace it; the byte edit keeps it.
    [
      'a file that is not valid UTF-8',
      Buffer.concat([Buffer.from('- [ ] 1. Caf'), Buffer.from([0xe9]), Buffer.from('\n  - [ ] 1.1 Sub\n')]),
    ],
  ])('changes exactly one byte of %s', async (_, before) => {
    const dir = tempDir();
    const file = path.join(dir, 'tasks.md');
    fs.writeFileSync(file, before);
    expect(await specStatusCommand(dir, '1.1', 'in_progress')).toBe(0);
    const after = fs.readFileSync(file);
    expect(after.length).toBe(before.length);
    const changed = [...after.keys()].filter((i) => after[i] !== before[i]);
    expect(changed.map((i) => String.fromCharCode(after[i]))).toEqual(['-']);
    expect(stdout).toBe(`${file}: task 1.1 is in_progress\n`);
  });

  it('refuses to write a *tasks*.md shown read-only for want of tasks.md', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'design.md'), '# Design\n');
    fs.writeFileSync(path.join(dir, 'old-tasks.md'), '- [ ] 1. A\n');
    expect(await specStatusCommand(dir, '1', 'done')).toBe(1);
    expect(stderr).toMatch(/read-only because the folder has no tasks\.md/);
    expect(fs.readFileSync(path.join(dir, 'old-tasks.md'), 'utf8')).toBe('- [ ] 1. A\n');
  });
});
