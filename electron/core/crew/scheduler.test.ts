import { describe, expect, it } from 'vitest';
import { seedLabel, seededRandom, testSeed } from '../testing/seeded-random';
import { waitForItem } from '../testing/wait-for-item';
import { runCrew, startCrew, type CrewEvent, type CrewTask, type TaskContext, type TaskOutcome } from './scheduler';

const task = (id: string, extra: Partial<CrewTask> = {}): CrewTask => ({
  id,
  title: `task ${id}`,
  status: 'todo',
  optional: false,
  parent: null,
  dependsOn: [],
  ...extra,
});

/**
 * A controllable runTask (or review): each started task waits until the test settles it. The test
 * waits for what it needs to have happened (a task started, the crew's event for a settled task),
 * never for time.
 */
function deferred(events: CrewEvent[]) {
  const pending = new Map<string, { resolve: (o: TaskOutcome) => void; ctx: TaskContext }>();
  const started: string[] = [];
  const run = (t: CrewTask, ctx: TaskContext) =>
    new Promise<TaskOutcome>((resolve) => {
      pending.set(t.id, { resolve, ctx });
      started.push(t.id);
    });
  return {
    run,
    started,
    pending,
    running: () => [...pending.keys()],
    /** Resolves once the task was handed over (its work started, or its review asked). */
    startOf: (id: string) => waitForItem(started, (s) => s === id),
    /** Settles the task, then waits for the crew's next event about it (finished, failed or reviewing). */
    async finish(id: string, outcome: TaskOutcome = { ok: true }) {
      const p = pending.get(id);
      if (!p) throw new Error(`${id} is not running (running: ${[...pending.keys()].join(', ')})`);
      pending.delete(id);
      const from = events.length;
      p.resolve(outcome);
      await waitForItem(events, (e, i) => i >= from && 'taskId' in e && e.taskId === id);
    },
  };
}

/**
 * Lets every callback already queued run: the scheduler starts and settles tasks in microtasks, which
 * all run before this macrotask. An ordering barrier for "nothing happened" checks, not a wait for time.
 */
const drained = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Settles running tasks in an order the seeded generator picks, until the crew finishes. */
async function finishInRandomOrder(
  work: ReturnType<typeof deferred>,
  crew: { readonly finished: boolean },
  seed: number,
) {
  const random = seededRandom(seed);
  while (!crew.finished) {
    if (!work.running().length) throw new Error(`nothing runs, yet the crew has not finished (${seedLabel(seed)})`);
    await work.finish(random.pick(work.running()));
  }
}

describe('runCrew', () => {
  it('never runs more than maxParallel tasks at once, and runs all of them, whatever order they finish in', async () => {
    const seed = testSeed(13);
    const events: CrewEvent[] = [];
    const work = deferred(events);
    let peak = 0;
    const crew = startCrew({
      tasks: Array.from({ length: 20 }, (_, i) => task(String(i + 1))),
      maxParallel: 3,
      onEvent: (e) => events.push(e),
      runTask: (t, ctx) => {
        const outcome = work.run(t, ctx);
        peak = Math.max(peak, work.running().length);
        return outcome;
      },
    });
    await work.startOf('1');
    await finishInRandomOrder(work, crew, seed);
    const summary = await crew.result;
    expect(peak, seedLabel(seed)).toBe(3);
    expect(summary.ok).toBe(true);
    expect(summary.tasks.every((t) => t.state === 'done' && t.ran)).toBe(true);
  });

  it('defaults to 4 at once and starts ready tasks in file order', async () => {
    const events: CrewEvent[] = [];
    const m = deferred(events);
    const handle = startCrew({
      tasks: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => task(id)),
      runTask: m.run,
      onEvent: (e) => events.push(e),
    });
    await m.startOf('a');
    expect(m.started).toEqual(['a', 'b', 'c', 'd']);
    await m.finish('c');
    expect(m.started).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (const id of ['a', 'b', 'd', 'e']) await m.finish(id);
    await m.finish('f');
    expect((await handle.result).ok).toBe(true);
  });

  it('starts a task only after its dependencies, and a parent after its subtasks, whatever order they finish in', async () => {
    const seed = testSeed(7);
    const events: CrewEvent[] = [];
    const work = deferred(events);
    /** For each task started: the tasks finished before it started. */
    const doneBefore = new Map<string, string[]>();
    const tasks = [
      task('1', { dependsOn: ['2'] }),
      task('2'),
      task('3', { parent: null }),
      task('3.1', { parent: '3' }),
      task('3.2', { parent: '3', dependsOn: ['3.1'] }),
      task('4', { dependsOn: ['3'] }),
    ];
    const crew = startCrew({
      tasks,
      maxParallel: 4,
      onEvent: (e) => events.push(e),
      runTask: (t, ctx) => {
        doneBefore.set(
          t.id,
          events.flatMap((e) => (e.type === 'task.finished' ? [e.taskId] : [])),
        );
        return work.run(t, ctx);
      },
    });
    await work.startOf('2');
    await finishInRandomOrder(work, crew, seed);
    const summary = await crew.result;
    const label = seedLabel(seed);
    expect(doneBefore.get('1'), label).toContain('2');
    expect(doneBefore.get('3.2'), label).toContain('3.1');
    expect(doneBefore.get('4'), label).toEqual(expect.arrayContaining(['3.1', '3.2', '3']));
    // A parent is a group by default: done with its subtasks, no run of its own.
    expect(work.started).not.toContain('3');
    expect(summary.tasks.find((t) => t.id === '3')).toMatchObject({ state: 'done', ran: false });
  });

  it("runs a parent after its subtasks with parents: 'run'", async () => {
    const order: string[] = [];
    await runCrew({
      tasks: [task('1'), task('1.1', { parent: '1' }), task('1.2', { parent: '1' })],
      parents: 'run',
      runTask: async (t) => {
        order.push(t.id);
        return { ok: true };
      },
    });
    expect(order).toEqual(['1.1', '1.2', '1']);
  });

  it('blocks the dependants of a failed task (transitively) while independent tasks carry on', async () => {
    const events: CrewEvent[] = [];
    const ran: string[] = [];
    const summary = await runCrew({
      tasks: [
        task('a'),
        task('b', { dependsOn: ['a'] }),
        task('c', { dependsOn: ['b'] }),
        task('d'),
        task('e', { dependsOn: ['d'] }),
      ],
      maxParallel: 2,
      onEvent: (e) => events.push(e),
      runTask: async (t) => {
        ran.push(t.id);
        return t.id === 'a' ? { ok: false, error: 'tests fail' } : { ok: true };
      },
    });
    expect(ran.sort()).toEqual(['a', 'd', 'e']);
    const state = Object.fromEntries(summary.tasks.map((t) => [t.id, t.state]));
    expect(state).toEqual({ a: 'failed', b: 'blocked', c: 'blocked', d: 'done', e: 'done' });
    expect(summary.tasks[0].error).toBe('tests fail');
    expect(summary.tasks[1].blockedBy).toEqual(['a']);
    expect(summary.tasks[2].blockedBy).toEqual(['b']);
    expect(summary.ok).toBe(false);
    expect(events.filter((e) => e.type === 'task.blocked').map((e) => (e as { taskId: string }).taskId)).toEqual([
      'b',
      'c',
    ]);
    const last = events[events.length - 1];
    expect(last.type).toBe('crew.finished');
    if (last.type === 'crew.finished') expect(last.counts).toMatchObject({ done: 2, failed: 1, blocked: 2 });
  });

  it('treats a thrown error or a rejected promise as a failure', async () => {
    const summary = await runCrew({
      tasks: [task('a'), task('b')],
      runTask: (t) => {
        if (t.id === 'a') throw new Error('boom');
        return Promise.reject(new Error('nope'));
      },
    });
    expect(summary.tasks.map((t) => [t.state, t.error])).toEqual([
      ['failed', 'boom'],
      ['failed', 'nope'],
    ]);
  });

  it('skips optional tasks unless includeOptional, and a skipped optional task does not hold anyone up', async () => {
    const tasks = [
      task('1'),
      task('2', { optional: true }),
      task('3', { dependsOn: ['2'] }),
      task('4'),
      task('4.1', { parent: '4', optional: true }),
    ];
    const ran: string[] = [];
    const runTask = async (t: CrewTask) => {
      ran.push(t.id);
      return { ok: true } as const;
    };
    const without = await runCrew({ tasks, maxParallel: 1, runTask });
    expect(ran).toEqual(['1', '3']);
    expect(without.tasks.map((t) => t.state)).toEqual(['done', 'skipped', 'done', 'done', 'skipped']);
    expect(without.ok).toBe(true);

    ran.length = 0;
    const withOptional = await runCrew({ tasks, maxParallel: 1, includeOptional: true, runTask });
    expect(ran).toEqual(['1', '2', '3', '4.1']); // file order among the ready ones
    expect(withOptional.tasks.every((t) => t.state === 'done')).toBe(true);
  });

  it('skips tasks already done in tasks.md and counts them as satisfied', async () => {
    const ran: string[] = [];
    const summary = await runCrew({
      tasks: [
        task('1', { status: 'done' }),
        task('2', { dependsOn: ['1'], status: 'in_progress' }),
        task('3', { status: 'done' }),
      ],
      runTask: async (t) => {
        ran.push(t.id);
        return { ok: true };
      },
    });
    expect(ran).toEqual(['2']);
    expect(summary.tasks.map((t) => t.state)).toEqual(['already-done', 'done', 'already-done']);
  });

  it('runs only the selected tasks and what they need', async () => {
    const ran: string[] = [];
    const summary = await runCrew({
      tasks: [task('1'), task('2', { dependsOn: ['1'] }), task('3'), task('4', { optional: true })],
      selected: ['2', '4'],
      maxParallel: 1,
      runTask: async (t) => {
        ran.push(t.id);
        return { ok: true };
      },
    });
    expect(ran).toEqual(['1', '2', '4']);
    expect(summary.tasks.map((t) => t.state)).toEqual(['done', 'done', 'not-selected', 'done']);
  });

  it('blocks tasks on unknown dependencies and on cycles instead of hanging', async () => {
    const summary = await runCrew({
      tasks: [
        task('a', { dependsOn: ['zz'] }),
        task('b', { dependsOn: ['c'] }),
        task('c', { dependsOn: ['b'] }),
        task('d'),
      ],
      runTask: async () => ({ ok: true }),
    });
    expect(summary.tasks.map((t) => t.state)).toEqual(['blocked', 'blocked', 'blocked', 'done']);
    expect(summary.tasks[0].error).toMatch(/zz/);
    expect(summary.tasks[1].error).toMatch(/cycle/);
  });

  it('on abort starts nothing more, passes the signal to running tasks and waits for them', async () => {
    const controller = new AbortController();
    const events: CrewEvent[] = [];
    const work = deferred(events);
    const crew = startCrew({
      tasks: ['a', 'b', 'c', 'd'].map((id) => task(id)),
      maxParallel: 2,
      signal: controller.signal,
      runTask: work.run,
      onEvent: (e) => events.push(e),
    });
    await work.startOf('a');
    controller.abort();
    expect(work.running().map((id) => work.pending.get(id)!.ctx.signal.aborted)).toEqual([true, true]);
    // The running tasks have not settled yet: the crew waits for them.
    await drained();
    expect(crew.finished).toBe(false);
    await work.finish('a', { ok: false, error: 'aborted' });
    expect(crew.finished).toBe(false);
    await work.finish('b', { ok: false, error: 'aborted' });
    const summary = await crew.result;
    expect(work.started).toEqual(['a', 'b']);
    expect(summary.aborted).toBe(true);
    expect(summary.tasks.map((t) => t.state)).toEqual(['failed', 'failed', 'cancelled', 'cancelled']);
  });

  it('an already aborted signal starts nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    let ran = 0;
    const summary = await runCrew({
      tasks: [task('a')],
      signal: controller.signal,
      runTask: async () => (ran++, { ok: true }),
    });
    expect(ran).toBe(0);
    expect(summary).toMatchObject({ aborted: true, ok: false });
  });

  it('pause stops starting tasks, resume continues', async () => {
    const events: CrewEvent[] = [];
    const m = deferred(events);
    const handle = startCrew({
      tasks: ['a', 'b', 'c', 'd'].map((id) => task(id)),
      maxParallel: 2,
      runTask: m.run,
      onEvent: (e) => events.push(e),
    });
    await m.startOf('a');
    expect(m.running()).toEqual(['a', 'b']);
    handle.pause();
    expect(handle.paused).toBe(true);
    await m.finish('a');
    await m.finish('b');
    await drained();
    expect(m.started).toEqual(['a', 'b']); // nothing new while paused, even with free slots
    handle.resume();
    expect(m.running()).toEqual(['c', 'd']);
    await m.finish('c');
    await m.finish('d');
    const summary = await handle.result;
    expect(summary.ok).toBe(true);
    expect(events.map((e) => e.type)).toContain('crew.paused');
    expect(events.map((e) => e.type)).toContain('crew.resumed');
  });

  it('can start paused; abort while paused finishes the run', async () => {
    const controller = new AbortController();
    let ran = 0;
    const handle = startCrew({
      tasks: [task('a')],
      paused: true,
      signal: controller.signal,
      runTask: async () => (ran++, { ok: true }),
    });
    await drained();
    expect(ran).toBe(0);
    expect(handle.finished).toBe(false);
    controller.abort();
    const summary = await handle.result;
    expect(ran).toBe(0);
    expect(summary.tasks[0].state).toBe('cancelled');
  });

  it('emits timestamped events in order', async () => {
    let clock = 1000;
    const events: CrewEvent[] = [];
    await runCrew({
      tasks: [task('a'), task('b', { dependsOn: ['a'] })],
      now: () => (clock += 10),
      onEvent: (e) => events.push(e),
      runTask: async () => ({ ok: true }),
    });
    expect(events.map((e) => `${e.type}${'taskId' in e ? ` ${e.taskId}` : ''}`)).toEqual([
      'task.started a',
      'task.finished a',
      'task.started b',
      'task.finished b',
      'crew.finished',
    ]);
    const times = events.map((e) => e.at);
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    expect(events[1]).toMatchObject({ ms: 10, ran: true });
  });

  it('a throwing listener does not stop the crew', async () => {
    const summary = await runCrew({
      tasks: [task('a')],
      onEvent: () => {
        throw new Error('listener bug');
      },
      runTask: async () => ({ ok: true }),
    });
    expect(summary.ok).toBe(true);
  });

  it('handles a 5,000-task chain without deep recursion', async () => {
    const tasks = Array.from({ length: 5000 }, (_, i) => task(`t${i}`, { dependsOn: i ? [`t${i - 1}`] : [] }));
    const failing = await runCrew({ tasks, runTask: async () => ({ ok: false, error: 'x' }) });
    expect(failing.tasks.filter((t) => t.state === 'blocked')).toHaveLength(4999);
    const passing = await runCrew({ tasks, runTask: async () => ({ ok: true }) });
    expect(passing.ok).toBe(true);
  });
});

describe('review gate', () => {
  it('frees the slot while a finished task is reviewed; its dependants wait for the verdict', async () => {
    const events: CrewEvent[] = [];
    const work = deferred(events);
    const verdicts = deferred(events);
    const crew = startCrew({
      tasks: [task('1'), task('2'), task('3', { dependsOn: ['1'] })],
      maxParallel: 1,
      runTask: work.run,
      review: verdicts.run,
      onEvent: (e) => events.push(e),
    });
    await work.startOf('1');
    await work.finish('1');
    // 1 is under review: 2 takes the only slot, 3 still waits for 1's verdict.
    await work.startOf('2');
    expect(verdicts.running()).toEqual(['1']);
    expect(work.running()).toEqual(['2']);
    await work.finish('2');
    await verdicts.finish('2');
    expect(work.running()).toEqual([]);
    await verdicts.finish('1');
    expect(work.running()).toEqual(['3']);
    await work.finish('3');
    await verdicts.finish('3');
    const summary = await crew.result;
    expect(summary.ok).toBe(true);
    expect(summary.tasks.every((t) => t.state === 'done' && typeof t.reviewMs === 'number')).toBe(true);
    expect(events.filter((e) => e.type === 'task.reviewing').map((e) => (e as { taskId: string }).taskId)).toEqual([
      '1',
      '2',
      '3',
    ]);
  });

  it('a rejected review fails the task and blocks its dependants; the crew waits for every review before it finishes', async () => {
    const events: CrewEvent[] = [];
    const verdicts = deferred(events);
    const crew = startCrew({
      tasks: [task('1'), task('2', { dependsOn: ['1'] })],
      runTask: async () => ({ ok: true }),
      review: verdicts.run,
      onEvent: (e) => events.push(e),
    });
    await verdicts.startOf('1');
    expect(verdicts.running()).toEqual(['1']);
    await drained();
    expect(crew.finished).toBe(false);
    await verdicts.finish('1', { ok: false, error: 'rejected in review: use French' });
    const summary = await crew.result;
    expect(summary.tasks.find((t) => t.id === '1')).toMatchObject({
      state: 'failed',
      error: 'rejected in review: use French',
    });
    expect(summary.tasks.find((t) => t.id === '2')).toMatchObject({ state: 'blocked', blockedBy: ['1'] });
  });

  it('after abort, starts nothing more but still waits for a pending review', async () => {
    const events: CrewEvent[] = [];
    const work = deferred(events);
    const verdicts = deferred(events);
    const controller = new AbortController();
    const crew = startCrew({
      tasks: [task('1'), task('2'), task('3')],
      maxParallel: 1,
      signal: controller.signal,
      runTask: work.run,
      review: verdicts.run,
      onEvent: (e) => events.push(e),
    });
    await work.startOf('1');
    await work.finish('1');
    await work.startOf('2');
    controller.abort();
    expect(verdicts.pending.get('1')!.ctx.signal.aborted).toBe(true);
    expect(work.pending.get('2')!.ctx.signal.aborted).toBe(true);
    await work.finish('2', { ok: false, error: 'aborted' });
    await drained();
    expect(crew.finished).toBe(false); // 1's verdict is still pending
    await verdicts.finish('1');
    const summary = await crew.result;
    expect(summary.aborted).toBe(true);
    expect(work.started).toEqual(['1', '2']);
    expect(summary.tasks.map((t) => t.state)).toEqual(['done', 'failed', 'cancelled']);
  });
});

describe('retry', () => {
  it('runs a failed task again, then the dependants it had blocked', async () => {
    const events: CrewEvent[] = [];
    const work = deferred(events);
    const crew = startCrew({
      tasks: [task('1'), task('2', { dependsOn: ['1'] }), task('3', { dependsOn: ['2'] }), task('4')],
      runTask: work.run,
      onEvent: (e) => events.push(e),
    });
    await work.startOf('4');
    await work.finish('1', { ok: false, error: 'boom' });
    expect(crew.retry('1')).toBe(true);
    expect(crew.retry('1')).toBe(false); // pending again, not failed
    await waitForItem(work.started, (id, i) => id === '1' && i > 0);
    expect(work.running().sort()).toEqual(['1', '4']);
    await work.finish('1');
    await work.finish('2');
    await work.finish('3');
    await work.finish('4');
    const summary = await crew.result;
    expect(summary.ok).toBe(true);
    expect(summary.tasks.map((t) => t.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(events.filter((e) => e.type === 'task.retried').map((e) => (e as { taskId: string }).taskId)).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(crew.finished).toBe(true);
    expect(crew.retry('1')).toBe(false);
  });

  it('refuses unknown and unfailed tasks; a task blocked by two failures waits until both are retried', async () => {
    const events: CrewEvent[] = [];
    const work = deferred(events);
    const crew = startCrew({
      tasks: [task('a'), task('b'), task('c', { dependsOn: ['a', 'b'] }), task('slow')],
      runTask: work.run,
      onEvent: (e) => events.push(e),
    });
    await work.startOf('slow');
    expect(crew.retry('nope')).toBe(false);
    expect(crew.retry('a')).toBe(false); // running
    await work.finish('a', { ok: false, error: 'x' });
    await work.finish('b', { ok: false, error: 'y' });
    expect(crew.retry('c')).toBe(false); // blocked, not failed
    expect(crew.retry('a')).toBe(true);
    await waitForItem(work.started, (id, i) => id === 'a' && i > 0);
    await work.finish('a');
    expect(work.running()).toEqual(['slow']); // c still waits: b failed
    expect(crew.retry('b')).toBe(true);
    await waitForItem(work.started, (id, i) => id === 'b' && i > 1);
    await work.finish('b');
    expect(work.running().sort()).toEqual(['c', 'slow']);
    await work.finish('c');
    await work.finish('slow');
    expect((await crew.result).ok).toBe(true);
  });
});
