import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { buildSandboxPolicy } from './build-policy';
import { expandDenyRead } from './expand-deny-read';

function write(file: string, text = 'x\n') {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function world() {
  const base = fs.realpathSync(tempDir('trellis-deny-glob-'));
  const repo = path.join(base, 'repo');
  const other = path.join(base, 'other-root');
  const userHome = path.join(base, 'home');
  for (const f of [
    '.env',
    'app/.env',
    'app/deep/er/.env',
    'app/.env.example',
    'certs/server.pem',
    'app/k.pem',
    'node_modules/pkg/.env',
    '.git/.env',
    'secrets/a.json',
    'secrets/nested/b.json',
  ])
    write(path.join(repo, f));
  write(path.join(other, 'svc/.env'));
  write(path.join(userHome, '.config/gh/hosts.yml'));
  write(path.join(userHome, '.config/other/x'));
  return { base, repo, other, userHome };
}

const expand = (
  w: ReturnType<typeof world>,
  entries: string[],
  extra: Partial<Parameters<typeof expandDenyRead>[0]> = {},
) => expandDenyRead({ entries, cwd: w.repo, roots: [w.repo, w.other], userHome: w.userHome, ...extra }).sort();

describe('expandDenyRead', () => {
  it('finds **/.env at every depth of the working folder and every writable root, not its look-alikes', () => {
    const w = world();
    expect(expand(w, ['**/.env'])).toEqual(
      [
        path.join(w.repo, '.env'),
        path.join(w.repo, 'app/.env'),
        path.join(w.repo, 'app/deep/er/.env'),
        path.join(w.other, 'svc/.env'),
      ].sort(),
    );
  });

  it('does not enter .git or node_modules while walking', () => {
    const w = world();
    expect(expand(w, ['**/.env'])).not.toContain(path.join(w.repo, 'node_modules/pkg/.env'));
    expect(expand(w, ['**/.env'])).not.toContain(path.join(w.repo, '.git/.env'));
    // …unless the pattern names such a folder itself.
    expect(expand(w, ['node_modules/**/.env'])).toEqual([path.join(w.repo, 'node_modules/pkg/.env')]);
  });

  it('matches a pattern without a slash at any depth (as .gitignore does), one with a slash from the root', () => {
    const w = world();
    expect(expand(w, ['*.pem'])).toEqual([path.join(w.repo, 'app/k.pem'), path.join(w.repo, 'certs/server.pem')]);
    expect(expand(w, ['secrets/*.json'])).toEqual([path.join(w.repo, 'secrets/a.json')]);
  });

  it('expands ~/ globs in the home, hiding a matched folder whole', () => {
    const w = world();
    expect(expand(w, ['~/.config/gh/**'])).toEqual([path.join(w.userHome, '.config/gh/hosts.yml')]);
    expect(expand(w, ['~/.config/g*'])).toEqual([path.join(w.userHome, '.config/gh')]);
  });

  it('ignores a negated glob with a warning rather than hiding the opposite of what it says', () => {
    const w = world();
    const warnings: string[] = [];
    expect(expand(w, ['!*.pem'], { onWarning: (m) => warnings.push(m) })).toEqual([]);
    expect(warnings).toEqual(['deny_read "!*.pem": a negated glob hides nothing; ignored']);
  });

  it('takes plain entries as written, ~ and relative ones resolved, existing or not', () => {
    const w = world();
    expect(expand(w, ['~/.pgpass', 'local.key', '/etc/shadow-like'])).toEqual(
      [path.join(w.userHome, '.pgpass'), path.join(w.repo, 'local.key'), '/etc/shadow-like'].sort(),
    );
  });

  it('a matching symlink hides its target only when the target is inside the walked folder', () => {
    const w = world();
    fs.mkdirSync(path.join(w.repo, 'links'));
    fs.symlinkSync(path.join(w.repo, 'secrets/a.json'), path.join(w.repo, 'links/inside.secret'));
    fs.symlinkSync('/usr', path.join(w.repo, 'links/outside.secret'));
    expect(expand(w, ['links/*.secret'])).toEqual([path.join(w.repo, 'secrets/a.json')]);
  });

  it('stops a walk that would take too long and says so, keeping what it found', () => {
    const w = world();
    const warnings: string[] = [];
    const found = expand(w, ['**/.env'], { roots: [w.repo], maxVisited: 3, onWarning: (m) => warnings.push(m) });
    expect(found.length).toBeLessThan(3);
    expect(warnings).toEqual([
      expect.stringMatching(/^deny_read "\*\*\/\.env": stopped looking after 3 entries under .*; narrow the pattern$/),
    ]);
  });

  it('shares one budget among all globs: many globs cannot multiply the work', () => {
    const w = world();
    const warnings: string[] = [];
    const globs = Array.from({ length: 50 }, (_, i) => `**/missing-${i}`);
    expand(w, globs, { roots: [w.repo], maxVisitedTotal: 40, onWarning: (m) => warnings.push(m) });
    // One warning, naming the glob where the budget ran out; the globs after it are not walked at all.
    expect(warnings).toEqual([
      expect.stringMatching(
        /^deny_read: stopped looking after 40 entries for all globs together; "\*\*\/missing-\d+" and the globs after it/,
      ),
    ]);
  });
});

describe('buildSandboxPolicy with deny_read globs', () => {
  it('hides the expanded paths, under the working folder in read-only mode and the roots in workspace-write', () => {
    const w = world();
    const home = path.join(w.userHome, '.trellis');
    const readOnly = buildSandboxPolicy({
      mode: 'read-only',
      cwd: w.repo,
      home,
      userHome: w.userHome,
      denyRead: ['**/.env'],
      defaultDenyRead: false,
    });
    expect(readOnly.denyRead).toEqual([
      path.join(w.repo, '.env'),
      path.join(w.repo, 'app/.env'),
      path.join(w.repo, 'app/deep/er/.env'),
    ]);
    const write = buildSandboxPolicy({
      mode: 'workspace-write',
      cwd: w.repo,
      home,
      userHome: w.userHome,
      tmpdir: '',
      writableRoots: [w.other],
      denyRead: ['**/.env'],
      defaultDenyRead: false,
    });
    expect(write.denyRead).toContain(path.join(w.other, 'svc/.env'));
  });
});
