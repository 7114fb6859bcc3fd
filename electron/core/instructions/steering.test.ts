import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeFiles } from '../testing/temp-repo';
import { MAX_FRONT_MATTER_BYTES, parseFrontMatter } from './front-matter';
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
      data: {
        inclusion: 'fileMatch',
        fileMatchPattern: ['src/**/*.ts', 'lib/{a,b}/*.js', 'docs/*.md'],
        name: 'Tech stack',
        tags: ['one', 'two'],
      },
      body: 'Body line',
    });
  });

  it('gives null data without front matter and reports malformed front matter', () => {
    expect(parseFrontMatter('# Title\n---\n')).toEqual({ data: null, body: '# Title\n---\n' });
    expect(parseFrontMatter('---\ninclusion: always\nno closing').error).toMatch(/no closing/);
    expect(parseFrontMatter('---\njust words\n---\nbody')).toMatchObject({
      body: 'body',
      error: expect.stringMatching(/line 2/),
    });
    expect(parseFrontMatter('---\r\ninclusion: manual\r\n---\r\nbody\r\n')).toEqual({
      data: { inclusion: 'manual' },
      body: 'body\r\n',
    });
    expect(parseFrontMatter('---\n---\nbody')).toEqual({ data: {}, body: 'body' });
  });

  it('reads the YAML the old subset parser got wrong: quotes holding colons and #, multi-line flow lists, comments, folded text', () => {
    const fm = parseFrontMatter(
      [
        '---',
        'inclusion: fileMatch   # only for these files',
        'fileMatchPattern: [',
        '  "src/**/*.{ts,tsx}",  # sources',
        "  'docs/#drafts/*.md',",
        ']',
        'title: "Issue #42: the API"',
        "note: 'it''s: fine'",
        '"quoted key": yes',
        'description: >',
        '  Rules for the',
        '  REST layer.',
        'owners:',
        '  # the reviewers',
        '  - ana',
        "  - 'bo: b'",
        '---',
        'Body',
      ].join('\n'),
    );
    expect(fm).toEqual({
      data: {
        inclusion: 'fileMatch',
        fileMatchPattern: ['src/**/*.{ts,tsx}', 'docs/#drafts/*.md'],
        title: 'Issue #42: the API',
        note: "it's: fine",
        'quoted key': 'yes',
        description: 'Rules for the REST layer.\n',
        owners: ['ana', 'bo: b'],
      },
      body: 'Body',
    });
  });

  it('reads safely: no tag is resolved, every scalar stays a string, aliases and size are capped', () => {
    expect(
      parseFrontMatter(
        '---\ninclusion: !!str always\nsize: 3\nflag: true\nblob: !!binary aGk=\nfn: !!js/function "f() {}"\n---\n',
      ).data,
    ).toEqual({
      inclusion: 'always',
      size: '3',
      flag: 'true',
      blob: 'aGk=',
      fn: 'f() {}',
    });
    const laughs = [
      '---',
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      '---',
      'Body',
    ];
    expect(parseFrontMatter(laughs.join('\n'))).toEqual({
      data: {},
      body: 'Body',
      error: expect.stringMatching(/^cannot read front matter: .*alias/i),
    });
    const huge = `---\nnote: "${'x'.repeat(MAX_FRONT_MATTER_BYTES)}"\n---\nBody`;
    expect(parseFrontMatter(huge)).toEqual({ data: {}, body: 'Body', error: 'front matter is longer than 64 KiB' });
  });

  it('names the line of a YAML mistake', () => {
    expect(parseFrontMatter('---\ninclusion: manual\ninclusion: always\n---\nBody').error).toBe(
      'cannot read front matter line 3: Map keys must be unique',
    );
    expect(parseFrontMatter('---\ninclusion: fileMatch\nfileMatchPattern: "src/**\n---\nBody').error).toMatch(
      /^cannot read front matter line 3: .*quote/,
    );
    expect(parseFrontMatter('---\n- always\n---\nBody').error).toBe(
      'cannot read front matter line 2: "- always" is not a "key: value" line',
    );
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
    'ui.md':
      '---\ninclusion: fileMatch\nfileMatchPattern: ["src/components/**/*.{tsx,jsx}", "**/*.css"]\n---\nUI rules.\n',
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
      '.kiro/steering/broken.md: cannot read front matter line 2: "inclusion fileMatch" is not a "key: value" line; included always',
      '.kiro/steering/nopattern.md: inclusion fileMatch without fileMatchPattern; included always',
      '.kiro/steering/odd.md: unknown inclusion "sometimes"; included always',
      '.kiro/steering/open.md: front matter has no closing --- line; included always',
    ]);
  });

  it('applies a fileMatch doc whose patterns are a multi-line list, and warns about a duplicate key with its line', async () => {
    const root = workspace({
      'api.md':
        '---\ninclusion: fileMatch\nfileMatchPattern: [\n  "app/api/**/*", # routes\n  "lib/http/*.ts"\n]\n---\nREST rules.\n',
      'twice.md': '---\ninclusion: manual\ninclusion: always\n---\nTwice.\n',
    });
    const warnings: string[] = [];
    const docs = await loadSteering({ root, activeFiles: ['lib/http/client.ts'], onWarning: (w) => warnings.push(w) });
    expect(docs).toEqual([
      { file: '.kiro/steering/api.md', inclusion: 'fileMatch', text: 'REST rules.' },
      { file: '.kiro/steering/twice.md', inclusion: 'always', text: 'Twice.' },
    ]);
    expect(warnings).toEqual([
      '.kiro/steering/twice.md: cannot read front matter line 3: Map keys must be unique; included always',
    ]);
    expect(await loadSteering({ root, activeFiles: ['README.md'] })).toEqual([
      { file: '.kiro/steering/twice.md', inclusion: 'always', text: 'Twice.' },
    ]);
  });

  it('warns about a comma-joined pattern, which never matches', async () => {
    const root = workspace({ 'ts.md': '---\ninclusion: fileMatch\nfileMatchPattern: "*.ts,*.tsx"\n---\nTS.\n' });
    const warnings: string[] = [];
    expect(await loadSteering({ root, activeFiles: ['a.ts'], onWarning: (w) => warnings.push(w) })).toEqual([]);
    expect(warnings).toEqual([
      '.kiro/steering/ts.md: fileMatchPattern "*.ts,*.tsx" is one glob that never matches; use a list of globs',
    ]);
  });

  it('treats auto as manual and returns nothing without a steering folder', async () => {
    const root = workspace({ 'db.md': '---\ninclusion: auto\nname: db\ndescription: database work\n---\nDB.\n' });
    expect(await loadSteering({ root })).toEqual([]);
    expect(await loadSteering({ root, manual: ['db'] })).toEqual([
      { file: '.kiro/steering/db.md', inclusion: 'manual', text: 'DB.' },
    ]);
    expect(await loadSteering({ root: tempDir() })).toEqual([]);
  });
});
