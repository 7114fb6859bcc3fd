import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-repo';
import { editTomlTable, writeConfigTable } from './config-writer';

const PERSON = [
  '# my settings',
  'model = "o3" # the good one',
  '',
  '[projects."/srv/a"]',
  'trust_level = "trusted"',
  'trust_hash = "sha256:old"',
  '',
  '# providers I use',
  '[model_providers.local]',
  'base_url = "http://localhost:11434/v1"',
  '',
].join('\n');

describe('config writer', () => {
  it('adds a table at the end and keeps every line the person wrote', () => {
    const out = editTomlTable(PERSON, ['projects', '/home/me/my repo'], {
      trust_level: 'trusted',
      trust_hash: 'sha256:abc',
    });
    expect(out.startsWith(PERSON.trimEnd())).toBe(true);
    expect(out.slice(PERSON.trimEnd().length)).toBe(
      '\n\n[projects."/home/me/my repo"]\ntrust_level = "trusted"\ntrust_hash = "sha256:abc"\n',
    );
    expect((parse(out) as { projects: Record<string, unknown> }).projects['/home/me/my repo']).toEqual({
      trust_level: 'trusted',
      trust_hash: 'sha256:abc',
    });
  });

  it('changes only the keys given inside an existing table', () => {
    const out = editTomlTable(PERSON, ['projects', '/srv/a'], { trust_hash: 'sha256:new' });
    expect(out).toBe(PERSON.replace('sha256:old', 'sha256:new'));
  });

  it('removes a table, leaving the comment above the next one', () => {
    const out = editTomlTable(PERSON, ['projects', '/srv/a'], null);
    expect(out).toBe(
      '# my settings\nmodel = "o3" # the good one\n\n# providers I use\n[model_providers.local]\nbase_url = "http://localhost:11434/v1"\n',
    );
    expect(editTomlTable(out, ['projects', '/srv/a'], null)).toBe(out);
  });

  it('writes a list of strings on one line, replacing a list the person spread over several lines', () => {
    const source = '[s]\n# off for now\ndisabled_tools = [\n  "a",\n  "b",\n]\nenabled = true # mine\n';
    const out = editTomlTable(source, ['s'], { disabled_tools: ['a', 'b', 'say "hi"\n'] });
    expect(out).toBe('[s]\n# off for now\ndisabled_tools = ["a", "b", "say \\"hi\\"\\n"]\nenabled = true # mine\n');
    expect(parse(out)).toEqual({ s: { disabled_tools: ['a', 'b', 'say "hi"\n'], enabled: true } });
  });

  it('refuses, with one sentence, a file whose table it cannot edit safely', () => {
    const inline = 'projects = { "/srv/a" = { trust_level = "untrusted" } }\n';
    expect(() =>
      editTomlTable(inline, ['projects', '/srv/a'], { trust_level: 'trusted' }, '~/.trellis/config.toml'),
    ).toThrow('~/.trellis/config.toml: cannot update [projects."/srv/a"] without breaking the file; edit it by hand');
  });

  it('writes through a temporary file, keeping the mode, and creates the file when missing', async () => {
    const home = tempDir();
    const file = path.join(home, 'config.toml');
    await writeConfigTable(file, ['projects', '/x'], { trust_level: 'trusted' });
    expect(fs.readFileSync(file, 'utf8')).toBe('[projects."/x"]\ntrust_level = "trusted"\n');
    fs.chmodSync(file, 0o640);
    await writeConfigTable(file, ['projects', '/x'], null);
    expect(fs.readFileSync(file, 'utf8')).toBe('');
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(home)).toEqual(['config.toml']);
  });
});
