import { beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../electron/contract';
import { setApi } from './api-instance';
import { useSpecs } from './spec-store';
import { deferred, fakeApi } from './testing/fake-api';

const summary = (name: string) =>
  ({
    name,
    layout: 'specs',
    path: `.kiro/specs/${name}`,
    kind: 'feature',
    workflow: null,
    documents: [],
    tasks: null,
  }) as never;

beforeEach(() => useSpecs.setState({ workspaceId: 'ws-1', specs: [], selected: null, detail: null }));

describe('the spec list', () => {
  it('shows the latest answer when two lists answer out of order (the repository as it is, not as it was)', async () => {
    const answers = [deferred<Result<unknown>>(), deferred<Result<unknown>>()];
    let asked = 0;
    setApi(fakeApi({ 'specs.list': () => answers[asked++].promise }).api);
    const older = useSpecs.getState().refresh();
    const newer = useSpecs.getState().refresh();
    answers[1].resolve({ ok: true, value: [summary('export'), summary('import')] });
    await newer;
    answers[0].resolve({ ok: true, value: [summary('export')] });
    await older;
    expect(useSpecs.getState().specs.map((s) => s.name)).toEqual(['export', 'import']);
  });
});
