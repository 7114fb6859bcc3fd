import { WindowsPlanError } from './windows-plan-error';

// Windows path rules: validation and normalisation, case-insensitive comparison keys, UNC detection, containment.

const RESERVED_NAME = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$/i;
const BAD_CHARS = /[<>:"|?*\u0000-\u001f]/;

/**
 * Validates and normalises an absolute Windows path: `X:\…` or `\\server\share\…`
 * (also given with forward slashes or the `\\?\` / `\\?\UNC\` prefixes).
 * Upper-cases the drive letter, folds `.`/`..`, drops the trailing separator.
 * Refuses relative and drive-relative paths, device paths, characters Windows
 * does not allow, reserved device names and components ending in a dot or a
 * space (Win32 would silently strip them, so `.git.` would name `.git`).
 */
export function normalizeWindowsPath(p: string, what = 'path'): string {
  if (typeof p !== 'string' || !p) throw new WindowsPlanError(`${what} must be a non-empty path`);
  let s = p.replace(/\//g, '\\');
  if (/^\\\\\?\\UNC\\/i.test(s)) s = `\\\\${s.slice(8)}`;
  else if (s.startsWith('\\\\?\\')) s = s.slice(4);
  else if (s.startsWith('\\\\.\\')) throw new WindowsPlanError(`${what} is a device path: ${JSON.stringify(p)}`);
  let prefix: string;
  let rest: string;
  const drive = /^([A-Za-z]):\\(.*)$/s.exec(s);
  const unc = /^\\\\([^\\]+)\\([^\\]+)(?:\\(.*))?$/s.exec(s);
  if (drive) {
    prefix = `${drive[1].toUpperCase()}:\\`;
    rest = drive[2];
  } else if (unc) {
    for (const name of [unc[1], unc[2]]) {
      if (BAD_CHARS.test(name) || name === '.' || name === '..') {
        throw new WindowsPlanError(`${what} has a bad server or share name: ${JSON.stringify(p)}`);
      }
    }
    prefix = `\\\\${unc[1]}\\${unc[2]}\\`;
    rest = unc[3] ?? '';
  } else {
    throw new WindowsPlanError(
      `${what} must be an absolute Windows path (X:\\… or \\\\server\\share\\…): ${JSON.stringify(p)}`,
    );
  }
  const parts: string[] = [];
  for (const part of rest.split('\\')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      parts.pop();
      continue;
    }
    if (BAD_CHARS.test(part))
      throw new WindowsPlanError(`${what} has a character Windows does not allow: ${JSON.stringify(p)}`);
    if (RESERVED_NAME.test(part))
      throw new WindowsPlanError(`${what} uses a reserved device name: ${JSON.stringify(p)}`);
    if (/[. ]$/.test(part))
      throw new WindowsPlanError(`${what} has a component ending in a dot or space: ${JSON.stringify(p)}`);
    parts.push(part);
  }
  if (parts.length) return prefix + parts.join('\\');
  return drive ? prefix : prefix.slice(0, -1); // X:\ keeps its separator, \\server\share does not
}

/** The comparison key of a normalised path: upper-cased where that keeps each character one character. */
export function windowsPathKey(normalized: string): string {
  return Array.from(normalized, (c) => {
    const upper = c.toUpperCase();
    return upper.length === c.length ? upper : c;
  }).join('');
}

export function isUncPath(normalized: string): boolean {
  return normalized.startsWith('\\\\');
}

/** True when `child` is `parent` or lies inside it (case-insensitive). */
export function isWithinWindows(child: string, parent: string): boolean {
  const c = windowsPathKey(child);
  const p = windowsPathKey(parent);
  return c === p || c.startsWith(p.endsWith('\\') ? p : `${p}\\`);
}

export function uniquePaths(paths: string[], what: string): string[] {
  const seen = new Map<string, string>();
  for (const p of paths) {
    const normalized = normalizeWindowsPath(p, what);
    const key = windowsPathKey(normalized);
    if (!seen.has(key)) seen.set(key, normalized);
  }
  return [...seen.values()];
}

export function baseName(normalized: string): string {
  return normalized.slice(normalized.lastIndexOf('\\') + 1);
}
