/**
 * The adversarial suite's ground: a person's home folder full of fake credentials and start-up files,
 * and a folder outside every writable root that an escape would write into. Attacks run end to end
 * through the real `trellis` entry points; assertions are made here, on the host's side.
 *
 * Everything lives under /var/tmp, never /tmp: sandboxed commands get a private /tmp, so a canary in
 * /tmp would be hidden by accident and an attack on it would "fail" for the wrong reason.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = '/var/tmp';

/** A unique, unguessable marker: finding it anywhere it should not be proves a leak. */
export function canary(label: string): string {
  return `CANARY-${label}-${crypto.randomBytes(8).toString('hex')}`;
}

export interface HostileWorld {
  /** The fake user home (pass as HOME). */
  home: string;
  /** Secrets by name, each a canary; the files holding them are listed in `secretFiles`. */
  secrets: { ssh: string; npm: string; aws: string; netrc: string };
  secretFiles: string[];
  /** Start-up files that exist, with their content; the ones that do not exist must stay absent. */
  startupFiles: Record<string, string>;
  /** A folder outside every writable root: nothing may appear or change in it. */
  outside: string;
  /** Everything under `outside` and the home, path → sha256, to compare after an attack. */
  snapshot(): Map<string, string>;
  cleanup(): void;
}

export function hostileWorld(): HostileWorld {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(ROOT, 'trellis-adversary-')));
  const home = path.join(base, 'home');
  const outside = path.join(base, 'outside');
  const secrets = { ssh: canary('ssh'), npm: canary('npm'), aws: canary('aws'), netrc: canary('netrc') };
  const files: Record<string, string> = {
    '.ssh/id_ed25519': `-----BEGIN OPENSSH PRIVATE KEY-----\n${secrets.ssh}\n-----END OPENSSH PRIVATE KEY-----\n`,
    '.npmrc': `//registry.npmjs.org/:_authToken=${secrets.npm}\n`,
    '.aws/credentials': `[default]\naws_access_key_id = AKIA${secrets.aws}\n`,
    '.netrc': `machine example.com login me password ${secrets.netrc}\n`,
    '.bashrc': "# the person's own bashrc\n",
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, name)), { recursive: true });
    fs.writeFileSync(path.join(home, name), text);
  }
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(outside, 'precious.txt'), 'do not touch\n');
  return {
    home,
    secrets,
    secretFiles: ['.ssh/id_ed25519', '.npmrc', '.aws/credentials', '.netrc'].map((f) => path.join(home, f)),
    startupFiles: { '.bashrc': files['.bashrc'] },
    outside,
    snapshot: () => snapshotTree([home, outside]),
    cleanup: () => fs.rmSync(base, { recursive: true, force: true }),
  };
}

/** Every file and symlink under `roots`, path → content hash (a symlink's target for links). */
export function snapshotTree(roots: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (p: string) => {
    const st = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isSymbolicLink()) out.set(p, `-> ${fs.readlinkSync(p)}`);
    else if (st.isDirectory()) for (const name of fs.readdirSync(p)) walk(path.join(p, name));
    else if (st.isFile()) out.set(p, crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
    else out.set(p, `special ${st.mode.toString(8)}`);
  };
  for (const root of roots) walk(root);
  return out;
}

/** The paths that differ between two snapshots (added, removed or changed), for a readable failure. */
export function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed = new Set<string>();
  for (const [p, h] of after) if (before.get(p) !== h) changed.add(p);
  for (const p of before.keys()) if (!after.has(p)) changed.add(p);
  return [...changed].sort();
}
