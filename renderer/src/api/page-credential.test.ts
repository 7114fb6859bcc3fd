import { describe, expect, it } from 'vitest';
import { takeLinkToken } from './page-credential';

function address(hash: string) {
  const replaced: string[] = [];
  return {
    loc: { hash, pathname: '/', search: '' },
    hist: { replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
    replaced,
  };
}

describe('takeLinkToken', () => {
  it('takes the token from the fragment and removes it from the address bar', () => {
    const token = 'a'.repeat(43);
    const { loc, hist, replaced } = address(`#token=${token}`);
    expect(takeLinkToken(loc, hist)).toBe(token);
    expect(replaced).toEqual(['/']);
  });

  it('leaves an address without a token alone', () => {
    const { loc, hist, replaced } = address('#section');
    expect(takeLinkToken(loc, hist)).toBeNull();
    expect(replaced).toEqual([]);
  });

  it('removes a malformed token from the address bar but does not offer it', () => {
    const { loc, hist, replaced } = address('#token=short,with"quotes');
    expect(takeLinkToken(loc, hist)).toBeNull();
    expect(replaced).toEqual(['/']);
  });
});
