import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentsDocs } from '../instructions/agents-docs';
import { loadSteering } from '../instructions/steering';
import { tempDir } from '../testing/temp-repo';
import { readFileInside } from './read-inside';

/** A repository and a secret outside it, as ~/.ssh/id_ed25519 would be. */
function world() {
  const repo = tempDir();
  const outside = tempDir();
  fs.mkdirSync(path.join(repo, '.git'));
  fs.writeFileSync(path.join(outside, 'id_ed25519'), 'SECRET-KEY\n');
  fs.writeFileSync(path.join(repo, 'inside.md'), 'inside\n');
  return { repo, secret: path.join(outside, 'id_ed25519') };
}

describe('reading a repository file for the model', () => {
  it('reads a file inside, or a symlink to one, and refuses a symlink out, a dangling one and a folder', async () => {
    const { repo, secret } = world();
    fs.symlinkSync('inside.md', path.join(repo, 'alias.md'));
    fs.symlinkSync(secret, path.join(repo, 'out.md'));
    fs.symlinkSync(path.join(repo, 'nowhere'), path.join(repo, 'dangling.md'));
    expect(await readFileInside(repo, path.join(repo, 'alias.md'))).toEqual({
      ok: true,
      data: Buffer.from('inside\n'),
    });
    expect(await readFileInside(repo, path.join(repo, 'out.md'))).toEqual({ ok: false, why: 'outside' });
    expect(await readFileInside(repo, path.join(repo, 'dangling.md'))).toEqual({ ok: false, why: 'missing' });
    expect(await readFileInside(repo, path.join(repo, '.git'))).toEqual({ ok: false, why: 'not-a-file' });
  });

  it('AGENTS.md and steering files symlinked to a secret outside never reach the instructions', async () => {
    const { repo, secret } = world();
    fs.symlinkSync(secret, path.join(repo, 'AGENTS.md'));
    fs.mkdirSync(path.join(repo, '.kiro', 'steering'), { recursive: true });
    fs.symlinkSync(secret, path.join(repo, '.kiro', 'steering', 'product.md'));
    fs.writeFileSync(path.join(repo, '.kiro', 'steering', 'tech.md'), 'Use TypeScript.\n');
    const docs = await loadAgentsDocs({ home: tempDir(), cwd: repo, maxBytes: 32 * 1024 });
    expect(docs.text).not.toContain('SECRET-KEY');
    const warnings: string[] = [];
    const steering = await loadSteering({ root: repo, onWarning: (w) => warnings.push(w) });
    expect(JSON.stringify(steering)).not.toContain('SECRET-KEY');
    expect(JSON.stringify(steering)).toContain('Use TypeScript.');
    expect(warnings).toContainEqual(expect.stringMatching(/product\.md: leads outside the repository; not read/));
  });
});
