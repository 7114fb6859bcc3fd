import { beforeEach, describe, expect, it } from 'vitest';
import type { CrewTaskRow, RepositoryTrust, Result, WorkbenchEvent } from '../../../electron/contract';
import { setApi } from './api-instance';
import { useCrew } from './crew-store';
import { deferred, fakeApi } from './testing/fake-api';
import { useWorkspace } from './workspace-store';
import { WS, workspace } from './testing/fixtures';

const trusted: RepositoryTrust = {
  repo: '/r',
  state: 'trusted',
  hash: 'h',
  needsDecision: false,
  files: [],
  problems: [],
};

const row = (taskId: string, state: CrewTaskRow['state'] = 'running'): CrewTaskRow => ({
  taskId,
  title: `Task ${taskId}`,
  state,
  tokens: 0,
  costUsd: 0,
});
const task = (
  runId: string,
  taskId: string,
  state: CrewTaskRow['state'] = 'running',
  workspaceId = WS,
): WorkbenchEvent => ({
  type: 'crew.task',
  workspaceId,
  runId,
  spec: `spec-${runId}`,
  task: row(taskId, state),
});
const finished = (runId: string): WorkbenchEvent => ({
  type: 'crew.finished',
  workspaceId: WS,
  runId,
  spec: `spec-${runId}`,
  ok: true,
  failures: [],
});
const shown = () => {
  const { runId, spec, rows, finished: done } = useCrew.getState();
  return { runId, spec, rows: rows.map((r) => `${r.taskId}:${r.state}`), finished: done !== null };
};

/** crew.start answered only when the test says so; `asked` settles once it was sent. */
function startAnsweredLater() {
  const asked = deferred<void>();
  const answer = deferred<Result<{ runId: string }>>();
  const crewStart = () => {
    asked.resolve();
    return answer.promise;
  };
  setApi(fakeApi({ 'trust.get': () => ({ ok: true, value: trusted }), 'crew.start': crewStart }).api);
  return { asked, answer };
}

beforeEach(() => {
  setApi(fakeApi({ 'trust.get': () => ({ ok: true, value: trusted }) }).api);
  useWorkspace.setState({ workspace });
  useCrew.setState({
    workspaceId: WS,
    runId: null,
    spec: null,
    rows: [],
    paused: false,
    finished: null,
    others: {},
    error: null,
  });
});

describe('the crew store fed by events', () => {
  it('shows the rows of a run started elsewhere (the CLI, another window) while no run is shown', () => {
    useCrew.getState().applyEvents([task('cli', '1'), task('cli', '2')]);
    expect(shown()).toEqual({ runId: 'cli', spec: 'spec-cli', rows: ['1:running', '2:running'], finished: false });
  });

  it('keeps the rows that arrive before crew.start answers, and the answer keeps them', async () => {
    const { asked, answer } = startAnsweredLater();
    const running = useCrew.getState().run('spec-mine');
    await asked.promise; // the request is on its way, its answer not back yet
    useCrew.getState().applyEvents([task('mine', '1'), task('mine', '2', 'queued')]);
    answer.resolve({ ok: true, value: { runId: 'mine' } });
    await running;
    expect(shown()).toEqual({ runId: 'mine', spec: 'spec-mine', rows: ['1:running', '2:queued'], finished: false });
  });

  it('updates a row in place, keeping the order of the rows', () => {
    useCrew.getState().applyEvents([task('r', '1'), task('r', '2'), task('r', '1', 'reviewing')]);
    expect(shown().rows).toEqual(['1:reviewing', '2:running']);
  });

  it('keeps every row of a second run while the first is shown, and shows them all once the first has finished', () => {
    const store = useCrew.getState();
    store.applyEvents([task('a', '1'), task('b', '1'), task('b', '2')]);
    expect(shown().runId).toBe('a');
    store.applyEvents([finished('a')]);
    expect(shown()).toEqual({ runId: 'a', spec: 'spec-a', rows: ['1:running'], finished: true });
    store.applyEvents([task('b', '3')]);
    expect(shown()).toEqual({
      runId: 'b',
      spec: 'spec-b',
      rows: ['1:running', '2:running', '3:running'],
      finished: false,
    });
  });

  it('switches to a run this window starts with the rows that arrived while another was shown', async () => {
    const { asked, answer } = startAnsweredLater();
    useCrew.getState().applyEvents([task('cli', '1')]);
    const running = useCrew.getState().run('spec-mine');
    await asked.promise;
    useCrew.getState().applyEvents([task('mine', '1'), task('mine', '2')]);
    expect(shown().runId).toBe('cli');
    answer.resolve({ ok: true, value: { runId: 'mine' } });
    await running;
    expect(shown()).toEqual({ runId: 'mine', spec: 'spec-mine', rows: ['1:running', '2:running'], finished: false });
    // The run shown before is not lost either: it still has its rows.
    expect(useCrew.getState().others.cli.rows.map((r) => r.taskId)).toEqual(['1']);
  });

  it("ignores another repository's crew events", () => {
    useCrew.getState().applyEvents([task('x', '1', 'running', 'ws-other')]);
    expect(shown()).toEqual({ runId: null, spec: null, rows: [], finished: false });
  });

  it('follows the shown run being paused and finishing, even when the events come before any row', () => {
    const store = useCrew.getState();
    store.applyEvents([task('r', '1')]);
    store.applyEvents([
      {
        type: 'crew.run',
        workspaceId: WS,
        run: { runId: 'r', spec: 'spec-r', live: true, paused: true, startedAt: 0, finished: null, rows: [] },
      },
    ]);
    expect(useCrew.getState().paused).toBe(true);
    store.applyEvents([finished('r')]);
    expect(useCrew.getState().finished).toEqual({ ok: true, failures: [] });
  });

  it('starts empty for another repository when its runs are loaded', async () => {
    useCrew.getState().applyEvents([task('r', '1')]);
    setApi(fakeApi({ 'crew.runs': () => ({ ok: true, value: [] }) }).api);
    useWorkspace.setState({ workspace: { ...workspace, id: 'ws-2' } });
    await useCrew.getState().load();
    expect(shown()).toEqual({ runId: null, spec: null, rows: [], finished: false });
  });
});
