import path from 'node:path';
import { z } from 'zod';
import { RecentWorkspaceSchema, WorkbenchLayoutSchema, type RecentWorkspace, type WorkbenchLayout } from '../../contract';
import { readJsonFile, writeFileAtomic } from './json-file';

const MAX_RECENTS = 20;

const AppStateSchema = z.object({
  version: z.literal(1),
  recents: z.array(RecentWorkspaceSchema),
  layout: WorkbenchLayoutSchema.nullable(),
});
type AppState = z.infer<typeof AppStateSchema>;

const EMPTY: AppState = { version: 1, recents: [], layout: null };

/**
 * What the workbench remembers between runs: recent workspaces and the pane layout.
 * One writer per file: all writes go through this store, serialized.
 */
export class AppStateStore {
  private state: AppState | undefined;
  private writing: Promise<void> = Promise.resolve();
  readonly file: string;

  constructor(home: string, private readonly warn: (message: string) => void = () => {}) {
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

  private async load(): Promise<AppState> {
    if (this.state) return this.state;
    let raw: unknown;
    try {
      raw = await readJsonFile(this.file);
    } catch (err) {
      this.warn(`${(err as Error).message}; starting with empty recents and layout`);
    }
    const parsed = raw === undefined ? undefined : AppStateSchema.safeParse(raw);
    if (parsed && !parsed.success) this.warn(`${this.file} has an unexpected shape; starting with empty recents and layout`);
    this.state = parsed?.success ? parsed.data : structuredClone(EMPTY);
    return this.state;
  }

  private save(): Promise<void> {
    const snapshot = JSON.stringify(this.state, null, 2);
    this.writing = this.writing.catch(() => {}).then(() => writeFileAtomic(this.file, snapshot));
    return this.writing;
  }
}
