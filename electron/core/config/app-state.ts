import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { appSchemas, lazy, type RecentWorkspace, type WorkbenchLayout } from '../../contract';
import { readJsonFile, writeFileAtomic } from './json-file';

const MAX_RECENTS = 20;

/** Built on first use: only the workbench reads its state. */
const appStateSchema = lazy(() =>
  z.object({
    version: z.literal(1),
    recents: z.array(appSchemas().RecentWorkspace),
    layout: appSchemas().WorkbenchLayout.nullable(),
  }),
);
type AppState = z.infer<ReturnType<typeof appStateSchema>>;

const EMPTY: AppState = { version: 1, recents: [], layout: null };

/**
 * What the workbench remembers between runs: recent workspaces and the pane layout.
 * One writer per file: all writes go through this store, serialized.
 */
export class AppStateStore {
  private state: AppState | undefined;
  private loading: Promise<AppState> | undefined;
  private writing: Promise<void> = Promise.resolve();
  readonly file: string;

  constructor(
    home: string,
    private readonly warn: (message: string) => void = () => {},
  ) {
    this.file = path.join(home, 'state.json');
  }

  async recents(): Promise<RecentWorkspace[]> {
    return (await this.load()).recents;
  }

  async addRecent(root: string, now = new Date()): Promise<RecentWorkspace[]> {
    const state = await this.load();
    const entry = { path: root, name: path.basename(root) || root, openedAt: now.toISOString() };
    state.recents = [entry, ...state.recents.filter((r) => r.path !== root)].slice(0, MAX_RECENTS);
    await this.save();
    return state.recents;
  }

  async removeRecent(root: string): Promise<RecentWorkspace[]> {
    const state = await this.load();
    state.recents = state.recents.filter((r) => r.path !== root);
    await this.save();
    return state.recents;
  }

  async layout(): Promise<WorkbenchLayout | null> {
    return (await this.load()).layout;
  }

  async setLayout(layout: WorkbenchLayout): Promise<void> {
    (await this.load()).layout = layout;
    await this.save();
  }

  /** Wait for every write so far to reach the disk. */
  async flush(): Promise<void> {
    await this.writing.catch(() => {});
  }

  /** Read the file once; callers that arrive during the read share it. */
  private load(): Promise<AppState> {
    this.loading ??= this.read();
    return this.loading;
  }

  private async read(): Promise<AppState> {
    let raw: unknown;
    let problem: string | null = null;
    try {
      raw = await readJsonFile(this.file);
    } catch (err) {
      problem = (err as Error).message;
    }
    const parsed = raw === undefined ? undefined : appStateSchema().safeParse(raw);
    if (parsed && !parsed.success) problem = `${this.file} has an unexpected shape`;
    if (problem) {
      // Keep the unreadable file for the person to inspect rather than overwrite it.
      const kept = `${this.file}.corrupt-${Date.now()}`;
      await fs.rename(this.file, kept).catch(() => {});
      this.warn(`${problem}; kept it as ${kept} and started with empty recents and layout`);
    }
    this.state = parsed?.success ? parsed.data : structuredClone(EMPTY);
    return this.state;
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify(this.state, null, 2);
    this.writing = this.writing.catch(() => {}).then(() => writeFileAtomic(this.file, snapshot));
    return this.writing;
  }
}
