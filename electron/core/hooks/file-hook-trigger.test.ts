import { describe, expect, it } from 'vitest';
import { parseKiroHookFile } from './formats/kiro-hook-file';
import { parseKiroV1Hooks } from './formats/kiro-v1-hooks';
import {
  FILE_HOOK_DEBOUNCE_MS,
  FILE_HOOK_MAX_PER_MINUTE,
  FileHookTrigger,
  fileHookFirings,
  isHookablePath,
  type FileChangeKind,
  type FileHookFiring,
  type Timers,
} from './file-hook-trigger';
import type { HookDefinition } from './hook-types';

/** A Kiro legacy file hook as its file reads (`when.type`, `patterns`). */
function kiroHook(type: string, patterns: string[], name = `${type} ${patterns.join(' ')}`): HookDefinition {
  const text = JSON.stringify({ name, when: { type, patterns }, then: { type: 'runCommand', command: 'true' } });
  const { hooks } = parseKiroHookFile(text, {
    file: `/r/.kiro/hooks/${name}.kiro.hook`,
    shown: name,
    scope: 'repository',
  });
  return hooks[0];
}

/** A Kiro v1 hook with a `matcher` (a regex on the path). */
function v1Hook(trigger: string, matcher?: string): HookDefinition {
  const text = JSON.stringify({
    version: 'v1',
    hooks: [{ name: `${trigger} ${matcher ?? ''}`, trigger, matcher, action: { type: 'command', command: 'true' } }],
  });
  return parseKiroV1Hooks(text, { file: '/r/.kiro/hooks/v1.json', shown: 'v1.json', scope: 'repository' }).hooks[0];
}

const changes = (entries: Record<string, FileChangeKind>) => new Map(Object.entries(entries));
const summary = (firings: FileHookFiring[]) => firings.map((f) => [f.hook.name, f.event, f.paths]);

describe('fileHookFirings', () => {
  it("fires a Kiro fileEdited hook for saves its patterns match, at any depth for a pattern without '/'", () => {
    const md = kiroHook('fileEdited', ['*.md']);
    const src = kiroHook('fileEdited', ['src/**/*.ts']);
    const fired = fileHookFirings(
      [md, src],
      changes({ 'README.md': 'update', 'docs/a/b.md': 'update', 'src/x/y.ts': 'update', 'lib/z.ts': 'update' }),
    );
    expect(summary(fired)).toEqual([
      ['fileEdited *.md', 'FileSaved', ['README.md', 'docs/a/b.md']],
      ['fileEdited src/**/*.ts', 'FileSaved', ['src/x/y.ts']],
    ]);
  });

  it('tells made, saved and deleted apart', () => {
    const created = kiroHook('fileCreated', ['**/*']);
    const saved = kiroHook('fileEdited', ['**/*']);
    const deleted = kiroHook('fileDeleted', ['**/*']);
    const fired = fileHookFirings(
      [created, saved, deleted],
      changes({ 'a.md': 'create', 'b.md': 'update', 'c.md': 'delete' }),
    );
    expect(summary(fired)).toEqual([
      ['fileCreated **/*', 'FileCreated', ['a.md']],
      ['fileEdited **/*', 'FileSaved', ['b.md']],
      ['fileDeleted **/*', 'FileDeleted', ['c.md']],
    ]);
  });

  it('takes a Kiro v1 matcher as an unanchored regex on the path, and none as every path', () => {
    const tests = v1Hook('PostFileSave', '\\.test\\.ts$');
    const every = v1Hook('PostFileCreate');
    const fired = fileHookFirings(
      [tests, every],
      changes({ 'src/a.test.ts': 'update', 'src/a.ts': 'update', 'new.txt': 'create' }),
    );
    expect(summary(fired)).toEqual([
      ['PostFileSave \\.test\\.ts$', 'FileSaved', ['src/a.test.ts']],
      ['PostFileCreate ', 'FileCreated', ['new.txt']],
    ]);
  });

  it('never fires for git, Trellis or installed dependencies, nor for a disabled hook or one of another event', () => {
    const every = kiroHook('fileEdited', ['**/*']);
    const off = { ...kiroHook('fileEdited', ['**/*'], 'off'), enabled: false };
    const prompt = { ...every, event: 'UserPromptSubmit' as const };
    expect(
      fileHookFirings(
        [every, off, prompt],
        changes({
          '.git/index': 'update',
          '.trellis/x': 'update',
          'node_modules/p/i.js': 'update',
          'a/node_modules/q.js': 'update',
        }),
      ),
    ).toEqual([]);
    expect(isHookablePath('.github/workflows/ci.yml')).toBe(true);
    expect(isHookablePath('src/.gitignore')).toBe(true);
    expect(isHookablePath('.trellis')).toBe(false);
  });
});

/** Timers under the test's hand: time moves only when `advance` says so. */
function manualTimers() {
  let now = 0;
  let next = 0;
  const due = new Map<number, { at: number; run: () => void }>();
  const timers: Timers = {
    set: (run, ms) => {
      due.set(++next, { at: now + ms, run });
      return next;
    },
    clear: (handle) => void due.delete(handle as number),
    now: () => now,
  };
  /** Time moves to each timer as it falls due, and the hook it fires settles before the next. */
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      const [id, timer] = [...due].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (!timer || timer.at > until) break;
      due.delete(id!);
      now = timer.at;
      timer.run();
      await new Promise((resolve) => setImmediate(resolve));
    }
    now = until;
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { timers, advance };
}

describe('FileHookTrigger', () => {
  const md = kiroHook('fileEdited', ['**/*.md']);

  it('fires once per hook for a burst of saves, with every path, after the burst settles', async () => {
    const { timers, advance } = manualTimers();
    const fired: FileHookFiring[] = [];
    const trigger = new FileHookTrigger({ fire: async (f) => void fired.push(f), timers });
    trigger.changes([md], changes({ 'a.md': 'update' }));
    await advance(FILE_HOOK_DEBOUNCE_MS - 1);
    trigger.changes([md], changes({ 'b.md': 'update', 'a.md': 'update' }));
    await advance(FILE_HOOK_DEBOUNCE_MS - 1);
    trigger.changes([md], changes({ 'c.ts': 'update' })); // not this hook's: does not hold it back
    expect(fired).toEqual([]);
    await advance(1);
    expect(summary(fired)).toEqual([['fileEdited **/*.md', 'FileSaved', ['a.md', 'b.md']]]);
    await advance(FILE_HOOK_DEBOUNCE_MS * 10);
    expect(fired).toHaveLength(1);
  });

  it('does not fire a hook again for changes made while it runs or reported just after (its own writes), but does later', async () => {
    const { timers, advance } = manualTimers();
    const fired: FileHookFiring[] = [];
    let finish = () => {};
    const trigger = new FileHookTrigger({
      timers,
      fire: (f) => {
        fired.push(f);
        return new Promise<void>((resolve) => (finish = resolve));
      },
    });
    trigger.changes([md], changes({ 'a.md': 'update' }));
    await advance(FILE_HOOK_DEBOUNCE_MS);
    expect(fired).toHaveLength(1);
    trigger.changes([md], changes({ 'CHANGELOG.md': 'update' })); // the hook writing while it runs
    finish();
    await advance(0);
    trigger.changes([md], changes({ 'CHANGELOG.md': 'update' })); // the watcher reporting its last write late
    await advance(FILE_HOOK_DEBOUNCE_MS * 4);
    expect(fired).toHaveLength(1);
    trigger.changes([md], changes({ 'a.md': 'update' })); // the person, later
    await advance(FILE_HOOK_DEBOUNCE_MS);
    expect(fired).toHaveLength(2);
  });

  it('bounds hooks that keep firing each other: at most the limit a minute, said once', async () => {
    const { timers, advance } = manualTimers();
    const fired: FileHookFiring[] = [];
    const notices: string[] = [];
    const trigger = new FileHookTrigger({
      timers,
      fire: async (f) => void fired.push(f),
      onNotice: (_hook, message) => notices.push(message),
    });
    for (let i = 0; i < FILE_HOOK_MAX_PER_MINUTE + 5; i++) {
      trigger.changes([md], changes({ 'a.md': 'update' }));
      await advance(FILE_HOOK_DEBOUNCE_MS * 2);
    }
    expect(fired).toHaveLength(FILE_HOOK_MAX_PER_MINUTE);
    expect(notices).toEqual([expect.stringMatching(/fired 20 times in a minute/)]);
    await advance(60_000);
    trigger.changes([md], changes({ 'a.md': 'update' }));
    await advance(FILE_HOOK_DEBOUNCE_MS);
    expect(fired).toHaveLength(FILE_HOOK_MAX_PER_MINUTE + 1);
  });

  it('fires nothing once disposed (the workspace closed)', async () => {
    const { timers, advance } = manualTimers();
    const fired: FileHookFiring[] = [];
    const trigger = new FileHookTrigger({ fire: async (f) => void fired.push(f), timers });
    trigger.changes([md], changes({ 'a.md': 'update' }));
    trigger.dispose();
    trigger.changes([md], changes({ 'b.md': 'update' }));
    await advance(FILE_HOOK_DEBOUNCE_MS * 2);
    expect(fired).toEqual([]);
  });
});
