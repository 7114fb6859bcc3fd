import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type CrewTaskRow,
  type DirListing,
  type RepositoryTrust,
  type WorkbenchEvent,
} from '../../../electron/contract';
import { setApi } from './api-instance';
import { useCrew } from './crew-store';
import { routeEvents } from './event-router';
import { useReview } from './review-store';
import { useSession } from './session-store';
import { useSpecs } from './spec-store';
import { useSpecWorkflow } from './spec-workflow-store';
import { fakeApi } from './testing/fake-api';
import { useTrust } from './trust-store';
import { useWorkspace } from './workspace-store';
import { WS, workspace, sessionEvent } from './testing/fixtures';

const trust: RepositoryTrust = {
  repo: '/r',
  state: 'untrusted',
  hash: 'h',
  needsDecision: false,
  files: [],
  problems: [],
};
const row: CrewTaskRow = { taskId: '1', title: 'One', state: 'running', tokens: 0, costUsd: 0 };
const listing = (dir: string, names: string[] = []): DirListing => ({
  dir,
  entries: names.map((name) => ({ name, path: dir ? `${dir}/${name}` : name, kind: 'dir' })),
  total: names.length,
});
const dirChanged = (dir: string, names: string[] = [], workspaceId = WS): WorkbenchEvent => ({
  type: 'workspace.dirChanged',
  workspaceId,
  listing: listing(dir, names),
});
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

let frames: FrameRequestCallback[] = [];
const runFrame = () => {
  const due = frames;
  frames = [];
  due.forEach((f) => f(0));
};
let stops: Array<() => void> = [];

/** A crew run of workspace `workspaceId` that an earlier app left unfinished. */
const interruptedRun = (workspaceId: string) => ({
  runId: `run-of-${workspaceId}`,
  spec: 'export',
  live: false,
  paused: false,
  startedAt: 0,
  finished: null,
  rows: [row],
});

/** A fake Node that knows the workspace's trust and crew runs and answers spec lists with `specs`; the route started over it. */
function route(specs: () => unknown[] = () => []) {
  const fake = fakeApi({
    'trust.get': () => ({ ok: true, value: trust }),
    'crew.runs': (params) => ({ ok: true, value: [interruptedRun((params as { workspaceId: string }).workspaceId)] }),
    'specs.list': () => ({ ok: true, value: specs() }),
    'session.list': () => ({ ok: true, value: [] }),
    'session.settings': () => ({ ok: true, value: null }),
    'hooks.list': () => ({ ok: true, value: { hooks: [], diagnostics: [], repositoryTrust: null } }),
    'specs.load': () => ({ ok: false, error: { code: 'not-found', message: 'No such spec.' } }) as never,
  });
  setApi(fake.api);
  stops.push(routeEvents(fake.api, () => {}));
  return fake;
}
const asked = (requests: { method: string; params: unknown }[], method: string) =>
  requests.filter((r) => r.method === method).map((r) => r.params);
/** Let the requests the stores made settle. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeEach(() => {
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
  setApi(
    fakeApi({
      'trust.get': () => ({ ok: true, value: trust }),
      'crew.runs': () => ({ ok: true, value: [] }),
      'specs.list': () => ({ ok: true, value: [] }),
      'session.list': () => ({ ok: true, value: [] }),
      'hooks.list': () => ({ ok: true, value: { hooks: [], diagnostics: [], repositoryTrust: null } }),
    }).api,
  );
  useWorkspace.setState({ workspace, listings: {} });
  useCrew.setState({ workspaceId: WS, runId: null, spec: null, rows: [], finished: null, others: {}, interrupted: [] });
  useSpecs.getState().bind(null);
  useSession.getState().newSession();
});
afterEach(() => {
  stops.forEach((stop) => stop());
  stops = [];
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the event router', () => {
  it('hands a burst of events to the stores together, once per animation frame', () => {
    const { push } = route();
    push({ type: 'crew.task', workspaceId: WS, runId: 'r', spec: 's', task: row });
    push({ type: 'workspace.dirChanged', workspaceId: WS, listing: listing('src') });
    expect(frames).toHaveLength(1);
    expect(useCrew.getState().rows).toEqual([]);
    runFrame();
    expect(useCrew.getState().rows).toEqual([row]);
    expect(Object.keys(useWorkspace.getState().listings)).toEqual(['src']);
  });

  it('passes menu commands on at once instead of to the stores', () => {
    const { api, push } = fakeApi();
    const commands: string[] = [];
    stops.push(routeEvents(api, (c) => commands.push(c)));
    push({ type: 'ui.command', command: 'open-folder' });
    expect(commands).toEqual(['open-folder']);
    expect(frames).toHaveLength(0);
  });

  it("brings the shown session's events to the transcript, the review pane and the spec workflow", () => {
    const { push } = route();
    useSession.setState({ sessionId: 's1' });
    push(sessionEvent('s1', { type: 'message.completed', turn: 1, itemId: 'm', text: 'on it' }));
    push(
      sessionEvent('s1', {
        type: 'review.requested',
        turn: 1,
        callId: 'c1',
        files: [{ path: 'a.txt', kind: 'modified', binary: false, additions: 1, deletions: 1, hunks: [] }],
      }),
    );
    push(
      sessionEvent('s1', {
        type: 'spec.stage',
        spec: 'export',
        stage: 'design',
        state: 'awaiting-approval',
        file: '.kiro/specs/export/design.md',
      }),
    );
    push(sessionEvent('s2', { type: 'review.requested', turn: 1, callId: 'other', files: [] }));
    runFrame();
    expect(useSession.getState().items.map((i) => ('text' in i ? i.text : i.kind))).toContain('on it');
    expect(useReview.getState().review).toMatchObject({ sessionId: 's1', callId: 'c1' });
    expect(useSpecWorkflow.getState()).toMatchObject({
      sessionId: 's1',
      spec: 'export',
      stage: 'design',
      state: 'awaiting-approval',
    });
  });

  it("asks for the repository's trust again when a folder under .trellis changes, and not for other folders", async () => {
    const { push, requests } = route();
    await settle();
    requests.length = 0;
    push(dirChanged('src'));
    runFrame();
    expect(asked(requests, 'trust.get')).toHaveLength(0);
    push(dirChanged('.trellis/agents'));
    runFrame();
    expect(asked(requests, 'trust.get')).toEqual([{ workspaceId: WS }]);
  });

  it('reloads the spec list when something under .kiro changes, or the root gains .kiro, and not for other folders', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let specs: unknown[] = [];
    const { push, requests } = route(() => specs);
    await vi.runAllTimersAsync();
    requests.length = 0;
    push(dirChanged('src'));
    push(dirChanged('', ['src']));
    runFrame();
    await vi.runAllTimersAsync();
    expect(asked(requests, 'specs.list')).toEqual([]);

    specs = [summary('export')];
    push(dirChanged('', ['.kiro', 'src']));
    runFrame();
    await vi.runAllTimersAsync();
    expect(asked(requests, 'specs.list')).toEqual([{ workspaceId: WS }]);
    expect(useSpecs.getState().specs.map((s) => s.name)).toEqual(['export']);

    push(dirChanged('.kiro/specs/import'));
    push(dirChanged('.kiro/specs'));
    runFrame();
    await vi.runAllTimersAsync();
    expect(asked(requests, 'specs.list')).toHaveLength(2); // two changes in one burst, one reload
  });

  it("ignores another workspace's folders", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { push, requests } = route();
    await vi.runAllTimersAsync();
    requests.length = 0;
    push(dirChanged('.kiro/specs', [], 'ws-other'));
    push(dirChanged('.trellis', [], 'ws-other'));
    runFrame();
    await vi.runAllTimersAsync();
    expect(requests).toEqual([]);
  });
});

describe('a workspace change, routed', () => {
  it('lists the specs, asks the trust and loads the crew runs of the workspace open when the route starts', async () => {
    const { requests } = route(() => [summary('export')]);
    await settle();
    expect(asked(requests, 'specs.list')).toEqual([{ workspaceId: WS }]);
    expect(asked(requests, 'trust.get')).toEqual([{ workspaceId: WS }]);
    expect(asked(requests, 'crew.runs')).toEqual([{ workspaceId: WS }]);
    expect(asked(requests, 'session.list')).toEqual([{ workspaceId: WS }]);
    expect(asked(requests, 'session.settings')).toEqual([{ workspaceId: WS }]);
    expect(useSpecs.getState()).toMatchObject({ workspaceId: WS, listLoaded: true });
    expect(useTrust.getState()).toMatchObject({ workspaceId: WS, trust });
    expect(useCrew.getState().interrupted.map((r) => r.runId)).toEqual([`run-of-${WS}`]);
  });

  it("starts the spec list afresh, asks the trust and loads the crew runs of the workspace switched to, forgetting the one before's", async () => {
    let specs = [summary('export')];
    const { requests } = route(() => specs);
    await settle();
    specs = [summary('import')];
    requests.length = 0;
    useWorkspace.setState({ workspace: { ...workspace, id: 'ws-2', root: '/s' } });
    expect(useSpecs.getState()).toMatchObject({ workspaceId: 'ws-2', specs: [], listLoaded: false });
    await settle();
    expect(asked(requests, 'specs.list')).toEqual([{ workspaceId: 'ws-2' }]);
    expect(asked(requests, 'trust.get')).toEqual([{ workspaceId: 'ws-2' }]);
    expect(asked(requests, 'crew.runs')).toEqual([{ workspaceId: 'ws-2' }]);
    expect(asked(requests, 'session.list')).toEqual([{ workspaceId: 'ws-2' }]);
    expect(useSpecs.getState().specs.map((s) => s.name)).toEqual(['import']);
    expect(useTrust.getState().workspaceId).toBe('ws-2');
    expect(useCrew.getState()).toMatchObject({ workspaceId: 'ws-2', interrupted: [{ runId: 'run-of-ws-2' }] });
  });

  it('asks the sessions list and the review setting again when the workspace summary changes, and nothing else', async () => {
    const { requests } = route();
    await settle();
    requests.length = 0;
    useWorkspace.setState({ workspace: { ...workspace, git: { topLevel: '/r', branch: 'main', head: 'abc1234' } } });
    await settle();
    expect(requests.map((r) => r.method).sort()).toEqual(['session.list', 'session.settings']);
  });

  it('empties the spec list and forgets the trust when the workspace closes, and asks nothing', async () => {
    const { requests } = route(() => [summary('export')]);
    await settle();
    expect(useSpecs.getState().specs.map((s) => s.name)).toEqual(['export']);
    expect(useTrust.getState()).toMatchObject({ workspaceId: WS, trust: { hash: 'h' } });
    requests.length = 0;
    useWorkspace.setState({ workspace: null });
    await settle();
    expect(useSpecs.getState()).toMatchObject({ workspaceId: null, specs: [], selected: null });
    expect(useTrust.getState()).toMatchObject({ workspaceId: null, trust: null });
    expect(requests).toEqual([]);
  });

  it('no longer reaches the stores once the route is stopped', async () => {
    const { requests } = route();
    await settle();
    stops.pop()!();
    requests.length = 0;
    useWorkspace.setState({ workspace: { ...workspace, id: 'ws-2' } });
    await settle();
    expect(requests).toEqual([]);
    expect(useSpecs.getState().workspaceId).toBe(WS);
  });
});
