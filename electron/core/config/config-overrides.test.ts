import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { applyOverride, parseOverride } from './config-overrides';

describe('parseOverride', () => {
  it('parses the value as TOML', () => {
    expect(parseOverride('model="o3"')).toEqual({ key: 'model', path: ['model'], value: 'o3' });
    expect(parseOverride('sandbox_workspace_write.network_access=true').value).toBe(true);
    expect(parseOverride('project_doc_max_bytes = 1024').value).toBe(1024);
    expect(parseOverride('project_root_markers=[".git", ".hg"]').value).toEqual(['.git', '.hg']);
    expect(parseOverride('model_providers.x={ base_url = "http://h/v1" }').value).toEqual({ base_url: 'http://h/v1' });
    expect(parseOverride('model_prices."gpt-4.1".input_per_mtok=2').path).toEqual([
      'model_prices',
      'gpt-4.1',
      'input_per_mtok',
    ]);
  });

  it('falls back to a plain string when the value is not TOML, like Codex', () => {
    expect(parseOverride('model=o3').value).toBe('o3');
    expect(parseOverride('model=gpt-5.1-codex').value).toBe('gpt-5.1-codex');
    expect(parseOverride('model_providers.x.base_url=http://127.0.0.1:9/v1').value).toBe('http://127.0.0.1:9/v1');
    expect(parseOverride("instructions='it''s'").value).toBe("it''s");
    expect(parseOverride('model=').value).toBe('');
  });

  it('names the key in errors and never the value', () => {
    expect(() => parseOverride('model')).toThrow(new ConfigError('-c model: expected key=value'));
    expect(() => parseOverride('=sk-secret')).toThrow(ConfigError);
    try {
      parseOverride('a b=sk-secret');
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/^-c a b: invalid key/);
      expect((err as Error).message).not.toContain('sk-secret');
    }
    expect(() => parseOverride('__proto__.polluted=1')).toThrow(/invalid key/);
  });
});

describe('applyOverride', () => {
  it('creates tables on the way and replaces the leaf', () => {
    const doc: Record<string, unknown> = { model_providers: { x: { name: 'X' } } };
    applyOverride(doc, parseOverride('model_providers.x.base_url="http://h/v1"'));
    applyOverride(doc, parseOverride('budgets.max_turns=3'));
    expect(doc).toEqual({ model_providers: { x: { name: 'X', base_url: 'http://h/v1' } }, budgets: { max_turns: 3 } });
  });

  it('refuses to descend into a value that is not a table', () => {
    expect(() => applyOverride({ model: 'o3' }, parseOverride('model.name=1'))).toThrow(
      '-c model.name: model is not a table',
    );
  });
});
