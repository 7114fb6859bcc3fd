import { describe, expect, it } from 'vitest';
import { runCrew, startCrew, type CrewEvent, type CrewTask, type TaskContext, type TaskOutcome } from './scheduler';

const task = (id: string, extra: Partial<CrewTask> = {}): CrewTask => ({ id, title: `task ${id}`, status: 'todo', optional: false, parent: null, dependsOn: [], ...extra });

/** A controllable runTask: each started task waits until the test finishes it. */
function manual() {
  const pending = new Map<string, { resolve: (o: TaskOutcome) => void; ctx: TaskContext }>();
  const started: string[] = [];
  let waiters: (() => void)[] = [];
  const runTask = (t: CrewTask, ctx: TaskContext) =>
    new Promise<TaskOutcome>((resolve) => {
      started.push(t.id);
      pending.set(t.id, { resolve, ctx });
      const w = waiters;
      waiters = [];
      w.forEach((f) => f());
    });
  const tick = () => new Promise<void>((r) => setTimeout(r, 0));
  return {
    runTask,
    started,
    pending,
    tick,
    async finish(id: string, outcome: TaskOutcome = { ok: true }) {
      const p = pending.get(id);
      if (!p) throw new Error(`${id} is not running (running: ${[...pending.keys()].join(', ')})`);
      pending.delete(id);
      p.resolve(outcome);
      await tick();
    },
    running: () => [...pending.keys()],
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runCrew', () => {
  it('never runs more than maxParallel tasks at once, and runs all of them', async () => {
    const tasks = Array.from({ length: 20 }, (_, i) => task(String(i + 1)));
    let now = 0;
    let peak = 0;
    const summary = await runCrew({
      tasks,
      maxParallel: 3,
      runTask: async () => {
        now++;
        peak = Math.max(peak, now);
        await sleep(Math.random() * 5);
        now--;
        return { ok: true };
      },
    });
    expect(peak).toBe(3);
    expect(summary.ok).toBe(true);
    expect(summary.tasks.every((t) => t.state === 'done' && t.ran)).toBe(true);
  });

  it('defaults to 4 at once and starts ready tasks in file order', async () => {
    const m = manual();
    const handle = startCrew({ tasks: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => task(id)), runTask: m.runTask });
    await m.tick();
    expect(m.started).toEqual(['a', 'b', 'c', 'd']);
    await m.finish('c');
    expect(m.started).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (const id of ['a', 'b', 'd', 'e']) await m.finish(id);
    await m.finish('f');
    expect((await handle.result).ok).toBe(true);
  });

  it('starts a task only after its dependencies, and a parent after its subtasks', async () => {
    const order: string[] = [];
    const tasks = [
      task('1', { dependsOn: ['2'] }),
      task('2'),
      task('3', { parent: null }),
      task('3.1', { parent: '3' }),
      task('3.2', { parent: '3', dependsOn: ['3.1'] }),
      task('4', { dependsOn: ['3'] }),
    ];
    const summary = await runCrew({
      tasks,
      maxParallel: 4,
      runTask: async (t) => {
        order.push(`start ${t.id}`);
        await sleep(2);
        order.push(`end ${t.id}`);
        return { ok: true };
      },
    });
    const at = (s: string) => order.indexOf(s);
    expect(at('start 1')).toBeGreaterThan(at('end 2'));
    expect(at('start 3.2')).toBeGreaterThan(at('end 3.1'));
    expect(at('start 4')).toBeGreaterThan(at('end 3.2'));
    // A parent is a group by default: done with its subtasks, no run of its own.
    expect(order).not.toContain('start 3');
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
      tasks: [task('a'), task('b', { dependsOn: ['a'] }), task('c', { dependsOn: ['b'] }), task('d'), task('e', { dependsOn: ['d'] })],
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
    expect(events.filter((e) => e.type === 'task.blocked').map((e) => (e as { taskId: string }).taskId)).toEqual(['b', 'c']);
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
    const tasks = [task('1'), task('2', { optional: true }), task('3', { dependsOn: ['2'] }), task('4'), task('4.1', { parent: '4', optional: true })];
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
      tasks: [task('1', { status: 'done' }), task('2', { dependsOn: ['1'], status: 'in_progress' }), task('3', { status: 'done' })],
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
      tasks: [task('a', { dependsOn: ['zz'] }), task('b', { dependsOn: ['c'] }), task('c', { dependsOn: ['b'] }), task('d')],
      runTask: async () => ({ ok: true }),
    });
    expect(summary.tasks.map((t) => t.state)).toEqual(['blocked', 'blocked', 'blocked', 'done']);
    expect(summary.tasks[0].error).toMatch(/zz/);
    expect(summary.tasks[1].error).toMatch(/cycle/);
  });

  it('on abort starts nothing more, passes the signal to running tasks and waits for them', async () => {
    const controller = new AbortController();
    const seen: boolean[] = [];
    const started: string[] = [];
    const promise = runCrew({
      tasks: ['a', 'b', 'c', 'd'].map((id) => task(id)),
      maxParallel: 2,
      signal: controller.signal,
      runTask: (t, ctx) =>
        new Promise((resolve) => {
          started.push(t.id);
          ctx.signal.addEventListener('abort', () => {
            seen.push(true);
            setTimeout(() => resolve({ ok: false, error: 'aborted' }), 5);
          });
        }),
    });
    await sleep(5);
    controller.abort();
    const summary = await promise;
    expect(started).toEqual(['a', 'b']);
    expect(seen).toEqual([true, true]);
    expect(summary.aborted).toBe(true);
    expect(summary.tasks.map((t) => t.state)).toEqual(['failed', 'failed', 'cancelled', 'cancelled']);
  });

  it('an already aborted signal starts nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    let ran = 0;
    const summary = await runCrew({ tasks: [task('a')], signal: controller.signal, runTask: async () => (ran++, { ok: true }) });
    expect(ran).toBe(0);
    expect(summary).toMatchObject({ aborted: true, ok: false });
  });

  it('pause stops starting tasks, resume continues', async () => {
    const m = manual();
    const events: string[] = [];
    const handle = startCrew({ tasks: ['a', 'b', 'c', 'd'].map((id) => task(id)), maxParallel: 2, runTask: m.runTask, onEvent: (e) => events.push(e.type) });
    await m.tick();
    expect(m.running()).toEqual(['a', 'b']);
    handle.pause();
    expect(handle.paused).toBe(true);
    await m.finish('a');
    await m.finish('b');
    await sleep(5);
    expect(m.started).toEqual(['a', 'b']); // nothing new while paused, even with free slots
    handle.resume();
    await m.tick();
    expect(m.running()).toEqual(['c', 'd']);
    await m.finish('c');
    await m.finish('d');
    const summary = await handle.result;
    expect(summary.ok).toBe(true);
    expect(events).toContain('crew.paused');
    expect(events).toContain('crew.resumed');
  });

  it('can start paused; abort while paused finishes the run', async () => {
    const controller = new AbortController();
    let ran = 0;
    const handle = startCrew({ tasks: [task('a')], paused: true, signal: controller.signal, runTask: async () => (ran++, { ok: true }) });
    await sleep(5);
    expect(ran).toBe(0);
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
    expect(events.map((e) => `${e.type}${'taskId' in e ? ` ${e.taskId}` : ''}`)).toEqual(['task.started a', 'task.finished a', 'task.started b', 'task.finished b', 'crew.finished']);
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
    const work = manual();
    const verdicts = manual();
    const events: CrewEvent[] = [];
    const crew = startCrew({ tasks: [task('1'), task('2'), task('3', { dependsOn: ['1'] })], maxParallel: 1, runTask: work.runTask, review: verdicts.runTask, onEvent: (e) => events.push(e) });
    await work.tick();
    await work.finish('1');
    // 1 is under review: 2 takes the only slot, 3 still waits for 1's verdict.
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
    expect(events.filter((e) => e.type === 'task.reviewing').map((e) => (e as { taskId: string }).taskId)).toEqual(['1', '2', '3']);
  });

  it('a rejected review fails the task and blocks its dependants; the crew waits for every review before it finishes', async () => {
    const verdicts = manual();
    let finished = false;
    const crew = startCrew({ tasks: [task('1'), task('2', { dependsOn: ['1'] })], runTask: async () => ({ ok: true }), review: verdicts.runTask });
    void crew.result.then(() => (finished = true));
    await verdicts.tick();
    await verdicts.tick();
    expect(verdicts.running()).toEqual(['1']);
    await sleep(5);
    expect(finished).toBe(false);
    await verdicts.finish('1', { ok: false, error: 'rejected in review: use French' });
    const summary = await crew.result;
    expect(summary.tasks.find((t) => t.id === '1')).toMatchObject({ state: 'failed', error: 'rejected in review: use French' });
    expect(summary.tasks.find((t) => t.id === '2')).toMatchObject({ state: 'blocked', blockedBy: ['1'] });
  });

  it('after abort, starts nothing more but still waits for a pending review', async () => {
    const verdicts = manual();
    const controller = new AbortController();
    const ran: string[] = [];
    const crew = startCrew({
      tasks: [task('1'), task('2')],
      maxParallel: 1,
      signal: controller.signal,
      runTask: async (t) => (ran.push(t.id), { ok: true }),
      review: verdicts.runTask,
    });
    await verdicts.tick();
    await verdicts.tick();
    expect(verdicts.running()).toContain('1');
    controller.abort();
    await verdicts.tick();
    expect(verdicts.pending.get('1')!.ctx.signal.aborted).toBe(true);
    for (const id of verdicts.running()) await verdicts.finish(id);
    const summary = await crew.result;
    expect(summary.aborted).toBe(true);
    expect(summary.tasks.find((t) => t.id === '1')!.state).toBe('done');
  });
});

describe('retry', () => {
  it('runs a failed task again, then the dependants it had blocked', async () => {
    const work = manual();
    const events: CrewEvent[] = [];
    const crew = startCrew({ tasks: [task('1'), task('2', { dependsOn: ['1'] }), task('3', { dependsOn: ['2'] }), task('4')], runTask: work.runTask, onEvent: (e) => events.push(e) });
    await work.tick();
    await work.finish('1', { ok: false, error: 'boom' });
    expect(crew.retry('1')).toBe(true);
    expect(crew.retry('1')).toBe(false); // pending again, not failed
    await work.tick();
    expect(work.running().sort()).toEqual(['1', '4']);
    await work.finish('1');
    await work.finish('2');
    await work.finish('3');
    await work.finish('4');
    const summary = await crew.result;
    expect(summary.ok).toBe(true);
    expect(summary.tasks.map((t) => t.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(events.filter((e) => e.type === 'task.retried').map((e) => (e as { taskId: string }).taskId)).toEqual(['1', '2', '3']);
    expect(crew.finished).toBe(true);
    expect(crew.retry('1')).toBe(false);
  });

  it('refuses unknown and unfailed tasks; a task blocked by two failures waits until both are retried', async () => {
    const work = manual();
    const crew = startCrew({ tasks: [task('a'), task('b'), task('c', { dependsOn: ['a', 'b'] }), task('slow')], runTask: work.runTask });
    await work.tick();
    expect(crew.retry('nope')).toBe(false);
    expect(crew.retry('a')).toBe(false); // running
    await work.finish('a', { ok: false, error: 'x' });
    await work.finish('b', { ok: false, error: 'y' });
    expect(crew.retry('c')).toBe(false); // blocked, not failed
    expect(crew.retry('a')).toBe(true);
    await work.tick();
    await work.finish('a');
    expect(work.running()).toEqual(['slow']); // c still waits: b failed
    expect(crew.retry('b')).toBe(true);
    await work.tick();
    await work.finish('b');
    expect(work.running().sort()).toEqual(['c', 'slow']);
    await work.finish('c');
    await work.finish('slow');
    expect((await crew.result).ok).toBe(true);
  });
});
