import { describe, expect, it } from 'vitest';
import { fileScore, rankFiles } from './file-ranking';

const FILES = [
  'README.md',
  'docs/applications.md',
  'electron/core/session/agent-session.ts',
  'electron/core/session/agent-session.test.ts',
  'renderer/src/prompt-box/prompt-box.tsx',
  'src/app.ts',
  'src/apps/map.ts',
  'src/util/parse-args.ts',
];

describe('ranking files for an @ mention', () => {
  it('matches a subsequence of the path in any case, and nothing that lacks a letter or has them out of order', () => {
    expect(fileScore('src/app.ts', 'SAPP')).not.toBeNull();
    expect(fileScore('src/app.ts', 'apts')).not.toBeNull();
    expect(fileScore('src/app.ts', 'ppa')).toBeNull();
    expect(fileScore('src/app.ts', 'appx')).toBeNull();
    expect(rankFiles(FILES, 'zzz', 10)).toEqual([]);
  });

  it("puts a match in the file's own name before one spread over its folders, an exact name first", () => {
    expect(rankFiles(FILES, 'app', 3)).toEqual(['src/app.ts', 'docs/applications.md', 'src/apps/map.ts']);
    expect(rankFiles(FILES, 'readme', 1)).toEqual(['README.md']);
  });

  it('prefers letters that start words of the path (folders, kebab case), then the shorter path', () => {
    expect(rankFiles(FILES, 'pb', 1)).toEqual(['renderer/src/prompt-box/prompt-box.tsx']);
    expect(rankFiles(FILES, 'pa', 1)).toEqual(['src/util/parse-args.ts']);
    expect(rankFiles(FILES, 'agent-session', 2)).toEqual([
      'electron/core/session/agent-session.ts',
      'electron/core/session/agent-session.test.ts',
    ]);
  });

  it('lists the shortest paths first while nothing is typed, and never more than asked', () => {
    expect(rankFiles(FILES, '', 2)).toEqual(['README.md', 'src/app.ts']);
    expect(rankFiles(FILES, 's', 3)).toHaveLength(3);
  });
});
