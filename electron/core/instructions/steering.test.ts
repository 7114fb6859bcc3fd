import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeFiles } from '../testing/temp-repo';
import { parseFrontMatter } from './front-matter';
import { loadSteering } from './steering';

describe('parseFrontMatter', () => {
  it('reads scalars, quoted values, inline and block lists', () => {
    const fm = parseFrontMatter(
      [
        '\ufeff---',
        'inclusion: fileMatch',
        '# a comment',
        'fileMatchPattern: ["src/**/*.ts", \'lib/{a,b}/*.js\', docs/*.md]',
        'name: "Tech stack"',
        'tags:',
        '  - one',
        '  - "two"',
        '---',
        'Body line',
      ].join('\n'),
    );
    expect(fm).toEqual({
      data: { inclusion: 'fileMatch', fileMatchPattern: ['src/**/*.ts', 'lib/{a,b}/*.js', 'docs/*.md'], name: 'Tech stack', tags: ['one', 'two'] },
      body: 'Body line',
    });
  });

  it('gives null data without front matter and reports malformed front matter', () => {
    expect(parseFrontMatter('# Title\n---\n')).toEqual({ data: null, body: '# Title\n---\n' });
    expect(parseFrontMatter('---\ninclusion: always\nno closing').error).toMatch(/no closing/);
    expect(parseFrontMatter('---\njust words\n---\nbody')).toMatchObject({ body: 'body', error: expect.stringMatching(/line 2/) });
    expect(parseFrontMatter('---\r\ninclusion: manual\r\n---\r\nbody\r\n')).toEqual({ data: { inclusion: 'manual' }, body: 'body\r\n' });
  });
});

describe('loadSteering', () => {
  function workspace(files: Record<string, string>): string {
    const root = tempDir();
    writeFiles(root, Object.fromEntries(Object.entries(files).map(([name, text]) => [`.kiro/steering/${name}`, text])));
    return root;
  }

  const FILES = {
    'product.md': '# Product\nA todo app.\n',
    'tech.md': '---\ninclusion: always\n---\n\nTypeScript, vitest.\n',
    'api.md': '---\ninclusion: fileMatch\nfileMatchPattern: "app/api/**/*"\n---\nREST rules.\n',
    'ui.md': '---\ninclusion: fileMatch\nfileMatchPattern: ["src/components/**/*.{tsx,jsx}", "**/*.css"]\n---\nUI rules.\n',
    'release.md': '---\ninclusion: manual\n---\nRelease steps.\n',
    'empty.md': '---\ninclusion: always\n---\n\n',
    'notes.txt': 'not steering',
  };

  it('returns always docs, in file-name order, with bodies only', async () => {
    const root = workspace(FILES);
    expect(await loadSteering({ root })).toEqual([
      { file: '.kiro/steering/product.md', inclusion: 'always', text: '# Product\nA todo app.' },
      { file: '.kiro/steering/tech.md', inclusion: 'always', text: 'TypeScript, vitest.' },
    ]);
  });

  it('adds fileMatch docs when an active file matches, and manual docs when named', async () => {
    const root = workspace(FILES);
    const docs = await loadSteering({
      root,
      activeFiles: [path.join(root, 'src/components/list/Item.tsx'), 'README.md'],
      manual: ['#release'],
    });
    expect(docs.map((d) => [d.file, d.inclusion])).toEqual([
      ['.kiro/steering/product.md', 'always'],
      ['.kiro/steering/release.md', 'manual'],
      ['.kiro/steering/tech.md', 'always'],
      ['.kiro/steering/ui.md', 'fileMatch'],
    ]);
    const api = await loadSteering({ root, activeFiles: ['app/api/v1/users.ts'], manual: ['release.md'] });
    expect(api.map((d) => d.file)).toContain('.kiro/steering/api.md');
    expect(api.map((d) => d.file)).toContain('.kiro/steering/release.md');
  });

  it('treats malformed front matter as always and warns', async () => {
    const root = workspace({
      'broken.md': '---\ninclusion fileMatch\n---\nBroken but useful.\n',
      'open.md': '---\ninclusion: manual\nStill text.\n',
      'odd.md': '---\ninclusion: sometimes\n---\nOdd.\n',
      'nopattern.md': '---\ninclusion: fileMatch\n---\nNo pattern.\n',
    });
    const warnings: string[] = [];
    const docs = await loadSteering({ root, onWarning: (w) => warnings.push(w) });
    expect(docs).toEqual([
      { file: '.kiro/steering/broken.md', inclusion: 'always', text: 'Broken but useful.' },
      { file: '.kiro/steering/nopattern.md', inclusion: 'always', text: 'No pattern.' },
      { file: '.kiro/steering/odd.md', inclusion: 'always', text: 'Odd.' },
      { file: '.kiro/steering/open.md', inclusion: 'always', text: '---\ninclusion: manual\nStill text.' },
    ]);
    expect(warnings).toEqual([
      '.kiro/steering/broken.md: cannot read front matter line 2: "inclusion fileMatch"; included always',
      '.kiro/steering/nopattern.md: inclusion fileMatch without fileMatchPattern; included always',
      '.kiro/steering/odd.md: unknown inclusion "sometimes"; included always',
      '.kiro/steering/open.md: front matter has no closing --- line; included always',
    ]);
  });

  it('warns about a comma-joined pattern, which never matches', async () => {
    const root = workspace({ 'ts.md': '---\ninclusion: fileMatch\nfileMatchPattern: "*.ts,*.tsx"\n---\nTS.\n' });
    const warnings: string[] = [];
    expect(await loadSteering({ root, activeFiles: ['a.ts'], onWarning: (w) => warnings.push(w) })).toEqual([]);
    expect(warnings).toEqual(['.kiro/steering/ts.md: fileMatchPattern "*.ts,*.tsx" is one glob that never matches; use a list of globs']);
  });

  it('treats auto as manual and returns nothing without a steering folder', async () => {
    const root = workspace({ 'db.md': '---\ninclusion: auto\nname: db\ndescription: database work\n---\nDB.\n' });
    expect(await loadSteering({ root })).toEqual([]);
    expect(await loadSteering({ root, manual: ['db'] })).toEqual([{ file: '.kiro/steering/db.md', inclusion: 'manual', text: 'DB.' }]);
    expect(await loadSteering({ root: tempDir() })).toEqual([]);
  });
});
