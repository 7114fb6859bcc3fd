import fs from 'node:fs/promises';
import path from 'node:path';
import { readFileInside } from '../security/read-inside';
import { parseFrontMatter } from './front-matter';
import { matchesGlob } from '../glob/match-glob';

export type SteeringInclusion = 'always' | 'fileMatch' | 'manual';

export interface SteeringDoc {
  /** Relative to the workspace root, `/`-separated: `.kiro/steering/tech.md`. */
  file: string;
  inclusion: SteeringInclusion;
  /** The body, front matter removed, trimmed. */
  text: string;
}

export interface LoadSteeringOptions {
  /** The workspace root holding `.kiro/`. */
  root: string;
  /** Files in context (absolute or root-relative): `fileMatch` docs apply when one matches. */
  activeFiles?: string[];
  /** Docs the user referenced (`tech`, `tech.md` or `#tech`): `manual` docs apply when named. */
  manual?: string[];
  /** Problems worth showing (malformed front matter, patterns that can never match); loading goes on. */
  onWarning?: (message: string) => void;
}

const STEERING_DIR = path.join('.kiro', 'steering');

/**
 * The workspace's `.kiro/steering/*.md` that apply now, in file-name order (kiro-specs §7):
 * `always` (also: no front matter), `fileMatch` when an active file matches a pattern, `manual` when
 * named. Kiro's `auto` (the model judges relevance) is treated as `manual` until Trellis does that.
 */
export async function loadSteering(options: LoadSteeringOptions): Promise<SteeringDoc[]> {
  const warn = options.onWarning ?? (() => {});
  const dir = path.join(options.root, STEERING_DIR);
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  } catch {
    return [];
  }
  const active = (options.activeFiles ?? []).map((f) => toRootRelative(options.root, f));
  const named = new Set((options.manual ?? []).map(docName));

  const docs: SteeringDoc[] = [];
  for (const name of names) {
    const file = `.kiro/steering/${name}`;
    // Really inside the workspace: a steering file symlinked out (to a hidden credential) is not read.
    const read = await readFileInside(options.root, path.join(dir, name));
    if (!read.ok) {
      if (read.why === 'outside') warn(`${file}: leads outside the repository; not read`);
      continue;
    }
    const { data, body, error } = parseFrontMatter(read.data.toString('utf8'));
    let inclusion: SteeringInclusion = 'always';
    let applies = true;
    if (error) {
      warn(`${file}: ${error}; included always`);
    } else if (data) {
      const raw =
        typeof data.inclusion === 'string' ? data.inclusion.trim() : data.inclusion === undefined ? 'always' : '';
      switch (raw.toLowerCase()) {
        case 'always':
          break;
        case 'filematch': {
          // One glob, or a list of them (flow `[a, b]` or block `- a`).
          const listed = data.fileMatchPattern === undefined ? [] : [data.fileMatchPattern].flat();
          const patterns = listed.filter((p): p is string => typeof p === 'string');
          if (patterns.length < listed.length)
            warn(`${file}: fileMatchPattern holds something other than globs; only its globs are used`);
          if (patterns.length === 0) {
            warn(`${file}: inclusion fileMatch without fileMatchPattern; included always`);
            break;
          }
          for (const pattern of patterns) {
            if (hasTopLevelComma(pattern))
              warn(
                `${file}: fileMatchPattern ${JSON.stringify(pattern)} is one glob that never matches; use a list of globs`,
              );
          }
          inclusion = 'fileMatch';
          applies = active.some((f) => patterns.some((p) => matchesGlob(f, p)));
          break;
        }
        case 'manual':
        case 'auto':
          inclusion = 'manual';
          applies = named.has(docName(name));
          break;
        default:
          warn(`${file}: unknown inclusion ${JSON.stringify(data.inclusion)}; included always`);
      }
    }
    const text = body.trim();
    if (applies && text) docs.push({ file, inclusion, text });
  }
  return docs;
}

function toRootRelative(root: string, file: string): string {
  const rel = path.isAbsolute(file) ? path.relative(root, file) : file;
  return rel.split(path.sep).join('/');
}

function docName(reference: string): string {
  return path.basename(reference.trim().replace(/^#/, '')).replace(/\.md$/i, '');
}

function hasTopLevelComma(pattern: string): boolean {
  let depth = 0;
  for (const c of pattern) {
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) return true;
  }
  return false;
}
