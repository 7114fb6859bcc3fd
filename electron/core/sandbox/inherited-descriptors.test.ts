import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inheritableDescriptors } from './inherited-descriptors';

describe.skipIf(process.platform !== 'linux')('inherited descriptors (skipped off Linux: /proc/self/fdinfo)', () => {
  // Closing is exercised end to end (e2e/adversarial/sandbox-doors.e2e.ts): here it would close the test runner's own.
  it('never lists a descriptor Node opened itself (close-on-exec), nor 0, 1 and 2', () => {
    const fd = fs.openSync('/proc/self/status', 'r');
    try {
      const listed = inheritableDescriptors();
      expect(listed).not.toContain(fd);
      expect(listed.filter((n) => n < 3)).toEqual([]);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('closes inherited descriptors in a fresh process: all of them, or with filesOnly only those on files (pipes stay)', () => {
    const here = path.join(import.meta.dirname, 'inherited-descriptors.ts');
    const probe = (filesOnly: boolean) => {
      const script = `const m = require(${JSON.stringify(here)}); const closed = m.closeInheritedDescriptors(process.env, { filesOnly: ${filesOnly} }); console.log(JSON.stringify({ closed, left: m.inheritableDescriptors() }));`;
      // fd 30 a file, fd 200 a pipe, both without close-on-exec, as a shell launcher leaves them (Node marks low ones itself).
      const run = spawnSync(
        'bash',
        [
          '-c',
          'exec "$@" 30</proc/self/status 200< <(true)',
          'bash',
          process.execPath,
          '--import',
          'tsx',
          '-e',
          script,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
      );
      return JSON.parse(run.stdout.trim().split('\n').pop()!) as { closed: number[]; left: number[] };
    };
    const all = probe(false);
    expect(all.closed).toEqual(expect.arrayContaining([30, 200]));
    expect(all.left).toEqual([]);
    const files = probe(true);
    expect(files.closed).toContain(30);
    expect(files.closed).not.toContain(200);
    expect(files.left).toContain(200);
  });
});
