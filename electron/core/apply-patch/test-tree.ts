/** Test helpers: real temp folders, and a byte-exact picture of a tree to compare before and after. */
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../testing/temp-repo';

/** A fresh real folder holding the given files (string or raw bytes), parents created. */
export function treeWith(files: Record<string, string | Buffer>, prefix = 'trellis-patch-'): string {
  const root = tempDir(prefix);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

/**
 * Every entry under root: files as hex of their bytes, folders as 'dir', symlinks as 'link -> target'.
 * Two snapshots are equal only if the trees are equal byte for byte, empty folders included.
 */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      const stat = fs.lstatSync(full);
      if (stat.isSymbolicLink()) out[rel] = `link -> ${fs.readlinkSync(full)}`;
      else if (stat.isDirectory()) {
        out[rel] = 'dir';
        walk(full);
      } else out[rel] = `${(stat.mode & 0o777).toString(8)} ${fs.readFileSync(full).toString('hex')}`;
    }
  };
  walk(root);
  return out;
}

export const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');
export const exists = (root: string, file: string) => fs.existsSync(path.join(root, file));

/** The body of the example patch in codex-compat.md §1.1 (between Begin and End Patch), one line per entry. */
export const DOC_EXAMPLE_PATCH_LINES = [
  '*** Add File: src/export/csv.ts',
  '+export const SEPARATOR = ",";',
  '*** Update File: src/todo/toolbar.ts',
  '@@ export function toolbarButtons() {',
  '   const buttons = [newButton()];',
  '-  return buttons;',
  '+  buttons.push(exportButton());',
  '+  return buttons;',
  '*** Update File: ABOUT.md',
  '*** Move to: docs/ABOUT.md',
  '@@',
  '-Todo app',
  '+Todo app with CSV export',
  '*** End of File',
  '*** Delete File: src/legacy/print.ts',
];
