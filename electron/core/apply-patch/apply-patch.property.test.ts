/**
 * Property: random edits to random files, written as a patch, reproduce the edited files exactly.
 * The generator knows the edits, so it knows the expected tree; a failure names the seed to replay.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPatch } from './apply-patch';
import { treeWith } from './test-tree';
import { seedLabel, seededRandom, testSeed, type SeededRandom } from '../testing/seeded-random';

const random = seededRandom;
type Rng = SeededRandom;

const WORDS = [
  'const',
  'return x;',
  '  if (a) {',
  '\tfoo(bar)',
  '}',
  'naïve café',
  '“quoted” — dash',
  'trailing  ',
  '# heading',
  '*** not a marker',
  '@@ not a header',
  '-minus',
  '+plus',
];

interface Case {
  files: Record<string, string>;
  expected: Record<string, string>;
  patch: string;
  operations: number;
}

/** Lines unique within the case, so every block the patch names can only be found where it was taken from. */
function makeLines(rng: Rng, tag: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${rng.pick(WORDS)} ${tag}.${i}${rng.chance(0.1) ? ' ' : ''}`);
}

interface Edit {
  at: number;
  remove: number;
  add: string[];
}

/** Edits in file order with at least 7 untouched lines between them, so contexts of 3 never overlap. */
function makeEdits(rng: Rng, lineCount: number, tag: string): Edit[] {
  const edits: Edit[] = [];
  for (let at = rng.int(0, Math.min(4, lineCount)), n = 0; at <= lineCount; n++) {
    const kind = rng.int(0, 2); // 0 replace, 1 insert, 2 delete
    const remove = kind === 1 ? 0 : Math.min(rng.int(1, 3), lineCount - at);
    const add = kind === 2 && remove > 0 ? [] : makeLines(rng, `${tag}+${n}`, rng.int(1, 3));
    edits.push({ at, remove, add });
    at += remove + rng.int(7, 15);
  }
  return edits;
}

function chunksFor(rng: Rng, lines: string[], edits: Edit[]): string[] {
  const out: string[] = [];
  let covered = 0; // end of the previous chunk's lines
  edits.forEach((edit, i) => {
    const preStart = Math.max(0, edit.at - 3);
    const post = lines.slice(edit.at + edit.remove, Math.min(lines.length, edit.at + edit.remove + 3));
    const before = lines.slice(preStart, edit.at);
    // A line between the previous chunk and this one can serve as the @@ context.
    if (preStart - 1 >= covered && rng.chance(0.5)) out.push(`@@ ${lines[preStart - 1]}`);
    else if (i > 0 || rng.chance(0.5)) out.push('@@');
    out.push(
      ...before.map((l) => ` ${l}`),
      ...lines.slice(edit.at, edit.at + edit.remove).map((l) => `-${l}`),
      ...edit.add.map((l) => `+${l}`),
    );
    out.push(...post.map((l) => ` ${l}`));
    const reachesEnd = edit.at + edit.remove + post.length === lines.length;
    if (reachesEnd && before.length + edit.remove + post.length > 0 && rng.chance(0.5)) out.push('*** End of File');
    covered = edit.at + edit.remove + post.length;
  });
  return out;
}

function applyEdits(lines: string[], edits: Edit[]): string[] {
  const out: string[] = [];
  let next = 0;
  for (const edit of edits) {
    out.push(...lines.slice(next, edit.at), ...edit.add);
    next = edit.at + edit.remove;
  }
  return [...out, ...lines.slice(next)];
}

function makeCase(seed: number): Case {
  const rng = random(seed);
  const files: Record<string, string> = {};
  const expected: Record<string, string> = {};
  const hunks: string[][] = [];
  const fileCount = rng.int(1, 5);
  for (let f = 0; f < fileCount; f++) {
    const name = `${rng.chance(0.5) ? `dir${rng.int(0, 2)}/` : ''}file${f}.txt`;
    const lines = makeLines(rng, `f${f}`, rng.pick([0, 1, 2, 5, 12, 40, 120]));
    const eol = rng.chance(0.2) ? '\r\n' : '\n';
    const finalNewline = rng.chance(0.8);
    files[name] = lines.join(eol) + (finalNewline && lines.length > 0 ? eol : '');
    // A file with no newline at all gives new lines Unix endings.
    const resultEol = lines.length > 1 || (lines.length === 1 && finalNewline) ? eol : '\n';
    const action = rng.pick(['keep', 'update', 'update', 'update', 'move', 'delete'] as const);
    if (action === 'keep') {
      expected[name] = files[name];
    } else if (action === 'delete') {
      hunks.push([`*** Delete File: ${name}`]);
    } else {
      const edits = makeEdits(rng, lines.length, `f${f}`);
      const dest = action === 'move' ? `moved${rng.int(0, 1)}/sub/${f}.txt` : name;
      hunks.push([
        `*** Update File: ${name}`,
        ...(action === 'move' ? [`*** Move to: ${dest}`] : []),
        ...chunksFor(rng, lines, edits),
      ]);
      expected[dest] = applyEdits(lines, edits)
        .map((l) => l + resultEol)
        .join('');
    }
  }
  for (let a = rng.int(0, 2); a > 0; a--) {
    const lines = makeLines(rng, `add${a}`, rng.int(0, 4));
    const name = `added/${a}.txt`;
    hunks.push([`*** Add File: ${name}`, ...lines.map((l) => `+${l}`)]);
    expected[name] = lines.map((l) => `${l}\n`).join('');
  }
  if (hunks.length === 0) {
    hunks.push(['*** Add File: always.txt', '+x']);
    expected['always.txt'] = 'x\n';
  }
  // Operations on different files may come in any order.
  for (let i = hunks.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [hunks[i], hunks[j]] = [hunks[j], hunks[i]];
  }
  let patch = ['*** Begin Patch', ...hunks.flat(), '*** End Patch', ''].join('\n');
  if (rng.chance(0.2)) patch = patch.replaceAll('\n', '\r\n');
  return { files, expected, patch, operations: hunks.length };
}

function filesUnder(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      out[path.relative(root, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
    }
  }
  return out;
}

describe('applyPatch: property', () => {
  it('reproduces randomly edited files exactly (200 seeded cases)', async () => {
    // A failure's label names its seed; TRELLIS_TEST_SEED=that seed replays it first.
    const first = testSeed(1);
    for (let seed = first; seed < first + 200; seed++) {
      const { files, expected, patch, operations } = makeCase(seed);
      const root = treeWith(files);
      const result = await applyPatch(patch, { cwd: root });
      expect(result, `${seedLabel(seed)}:\n${patch}`).toMatchObject({ ok: true });
      if (!result.ok) return;
      expect(result.summary.split('\n')).toHaveLength(operations + 1);
      expect(filesUnder(root), `${seedLabel(seed)}:\n${patch}`).toEqual(expected);
    }
  });
});
