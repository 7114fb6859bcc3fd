import { describe, expect, it } from 'vitest';
import { REQUEST_METHODS, isRequestMethod } from './channels';
import { lazy } from './lazy';
import { requestSpec, requests } from './requests';

describe('the requests table', () => {
  it('has a request for every method name and a method name for every request, each listed once', () => {
    expect(new Set(REQUEST_METHODS).size).toBe(REQUEST_METHODS.length);
    expect(Object.keys(requests()).sort()).toEqual([...REQUEST_METHODS].sort());
  });

  it('gives each method the same schemas whether looked up alone or in the joined table', () => {
    for (const method of REQUEST_METHODS) expect(requestSpec(method), method).toBe(requests()[method]);
  });

  it('validates params of a request looked up alone', () => {
    expect(requestSpec('workspace.listDir').params.safeParse({ workspaceId: 'w', dir: '../etc' }).success).toBe(false);
    expect(requestSpec('workspace.listDir').params.safeParse({ workspaceId: 'w', dir: 'src' }).success).toBe(true);
    expect(isRequestMethod('shell.exec')).toBe(false);
  });
});

describe('lazy', () => {
  it('builds nothing until first use, then builds once', () => {
    let builds = 0;
    const value = lazy(() => ({ built: ++builds }));
    expect(builds).toBe(0);
    expect(value()).toBe(value());
    expect(builds).toBe(1);
  });
});
