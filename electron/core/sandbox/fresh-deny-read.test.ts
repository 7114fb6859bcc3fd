import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { buildSandboxPolicy } from './build-policy';
import { refreshDenyRead } from './fresh-deny-read';

describe('refreshDenyRead', () => {
  it('adds what the globs match now, keeps the rest of the policy, and is the same policy without globs', () => {
    const base = fs.realpathSync(tempDir('trellis-fresh-deny-'));
    const repo = path.join(base, 'repo');
    fs.mkdirSync(path.join(repo, 'a'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'a/.env'), 'x');
    const userHome = path.join(base, 'home');
    const policy = buildSandboxPolicy({
      mode: 'workspace-write',
      cwd: repo,
      home: path.join(userHome, '.trellis'),
      userHome,
      tmpdir: '',
      denyRead: ['**/.env', 'plain.key'],
      defaultDenyRead: false,
    });
    expect(policy.denyReadGlobs).toEqual({ entries: ['**/.env'], roots: [repo], userHome });
    expect(refreshDenyRead(policy)).toBe(policy); // nothing new: no copy, no cost beyond the walk

    fs.mkdirSync(path.join(repo, 'b/c'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'b/c/.env'), 'y');
    const fresh = refreshDenyRead(policy);
    expect(fresh.denyRead).toEqual([
      path.join(repo, 'plain.key'),
      path.join(repo, 'a/.env'),
      path.join(repo, 'b/c/.env'),
    ]);
    expect({ ...fresh, denyRead: policy.denyRead }).toEqual(policy);

    const plain = buildSandboxPolicy({
      mode: 'read-only',
      cwd: repo,
      home: path.join(userHome, '.trellis'),
      userHome,
      denyRead: ['plain.key'],
      defaultDenyRead: false,
    });
    expect(plain.denyReadGlobs).toBeUndefined();
    expect(refreshDenyRead(plain)).toBe(plain);
  });

  it('never hides a folder holding the working folder, even when a glob matches it later', () => {
    const base = fs.realpathSync(tempDir('trellis-fresh-deny-'));
    const repo = path.join(base, 'secret-repo');
    fs.mkdirSync(repo);
    const userHome = path.join(base, 'home');
    const policy = buildSandboxPolicy({
      mode: 'read-only',
      cwd: repo,
      home: path.join(userHome, '.trellis'),
      userHome,
      denyRead: [`${base}/secret-*`],
      defaultDenyRead: false,
    });
    expect(policy.denyRead).toEqual([]);
    expect(refreshDenyRead(policy).denyRead).toEqual([]);
  });
});
