import { describe, expect, it } from 'vitest';
import { StderrRing } from './stderr-ring';

describe('StderrRing', () => {
  it('keeps the most recent part of a chatty server, within its limit', () => {
    const ring = new StderrRing(10);
    ring.append('0123456789');
    ring.append('abc');
    expect(ring.all()).toBe('3456789abc');
  });

  it('gives whole last lines for an error sentence', () => {
    const ring = new StderrRing();
    ring.append('starting\nloading a very long configuration line\nError: port in use\n');
    expect(ring.tail(30)).toBe('Error: port in use');
    expect(ring.tail(1000)).toBe('starting\nloading a very long configuration line\nError: port in use');
  });
});
