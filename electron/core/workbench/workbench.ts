import {
  fail,
  isRequestMethod,
  ok,
  requestSpec,
  type AppInfo,
  type RequestMethod,
  type Requests,
  type RequestValue,
  type Result,
  type WorkbenchEvent,
} from '../../contract';
import { AppStateStore } from '../config/app-state';
import { isReservedSecretName, type SecretStore } from '../config/secret-store';
import { ExpectedFailure } from '../errors/expected-failure';
import { revealInFileManager } from '../workspace/reveal-path';
import { Workspace } from '../workspace/workspace';
import { SessionManager } from './session-manager';
import { crewHandlers } from './crew-handlers';
import { CrewRuns } from './crew-runs';
import { specHandlers } from './spec-handlers';
import { trustHandlers } from './trust-handlers';
import { mcpHandlers } from './mcp-handlers';
import { hooksHandlers } from './hooks-handlers';
import { runStandaloneHook } from './hook-actions';
import { hookList, isHookPlace, readWorkspaceHooks } from './workspace-hooks';
import { watchHomeHookFiles } from './home-hook-files';
import { WorkspaceMcp, type McpBackend } from './workspace-mcp';
import { readTurnAttachments } from './turn-attachments';
import { workbenchMcpBackend } from './mcp-backend';
import { WorkspaceError } from '../workspace/workspace-error';
import { WorkspaceFileHooks } from './workspace-file-hooks';
import type { z } from 'zod';

/** One renderer connected to the workbench: an Electron window or a browser tab. */
export interface WorkbenchClient {
  readonly id: string;
  send(event: WorkbenchEvent): void;
}

export interface WorkbenchOptions {
  home: string;
  app: Omit<AppInfo, 'canPickFolder' | 'canStoreSecrets'>;
  /** A native folder dialog, where the shell has one (Electron). */
  pickFolder?: () => Promise<string | null>;
  /** The OS keychain, where the shell has one (Electron's safeStorage). */
  secrets?: SecretStore;
  /** Show a file in the system's file manager; Electron's shell, or the platform's command (reveal-path.ts). */
  revealPath?: (absolutePath: string) => Promise<void>;
  /** Open an MCP server's sign-in page in the system browser (Electron's shell.openExternal); serve shows a link. */
  openBrowser?: (url: string) => unknown;
  log?: (message: string) => void;
  /** core/mcp for the workspaces' MCP servers; workbenchMcpBackend by default. */
  mcp?: McpBackend;
}

type Handler<M extends RequestMethod> = (
  params: z.infer<Requests[M]['params']>,
  client: WorkbenchClient,
) => Promise<RequestValue<M>>;
type Handlers = { [M in RequestMethod]: Handler<M> };

/**
 * The contract, implemented once for every face: Electron IPC and the
 * `trellis serve` WebSocket both hand raw messages to `dispatch`.
 */
export class Workbench {
  private readonly state: AppStateStore;
  private readonly workspaces = new Map<
    string,
    { workspace: Workspace; clients: Set<WorkbenchClient>; fileHooks: WorkspaceFileHooks }
  >();
  private readonly handlers: Handlers;
  private readonly log: (message: string) => void;
  private readonly sessions: SessionManager;
  private readonly crews: CrewRuns;
  private readonly mcp: WorkspaceMcp;
  private readonly home: string;
  /** Stops watching the home's hooks.json and config.toml (watched once a workspace is open). */
  private stopHomeWatch: (() => void) | null = null;

  constructor(options: WorkbenchOptions) {
    this.home = options.home;
    this.log = options.log ?? (() => {});
    this.state = new AppStateStore(options.home, this.log);
    this.sessions = new SessionManager(
      options.home,
      (event) => this.broadcast(event),
      this.log,
      options.secrets,
      (workspaceId) => {
        const entry = this.workspaces.get(workspaceId);
        return entry ? this.mcp.current(workspaceId, entry.workspace.root) : Promise.resolve(null);
      },
    );
    this.crews = new CrewRuns(options.home, (event) => this.broadcast(event), this.log);
    const mcp =
      options.mcp ??
      workbenchMcpBackend({
        home: options.home,
        secrets: options.secrets,
        version: options.app.version,
        log: this.log,
        ...(options.openBrowser ? { openBrowser: options.openBrowser } : {}),
      });
    this.mcp = new WorkspaceMcp(mcp, (event) => this.broadcast(event), this.log);
    this.handlers = {
      'app.info': async () => ({
        ...options.app,
        canPickFolder: Boolean(options.pickFolder),
        canStoreSecrets: Boolean(options.secrets),
      }),
      'workspace.open': async ({ path }, client) => this.open(path, client),
      'workspace.close': async ({ workspaceId }, client) => {
        await this.detach(workspaceId, client);
        return null;
      },
      'workspace.listDir': async ({ workspaceId, dir }, client) => this.workspaceFor(workspaceId, client).listDir(dir),
      'workspace.listFiles': async ({ workspaceId }, client) => this.workspaceFor(workspaceId, client).listFiles(),
      'workspace.status': async ({ workspaceId }, client) => this.workspaceFor(workspaceId, client).status(),
      'workspace.readFile': async ({ workspaceId, path }, client) =>
        this.workspaceFor(workspaceId, client).readFile(path),
      'workspace.initGit': async ({ workspaceId }, client) => this.workspaceFor(workspaceId, client).initGit(),
      'workspace.pickFolder': async () => {
        if (!options.pickFolder)
          throw new WorkspaceError(
            'invalid-path',
            'This window cannot show a folder dialog; type or drop the folder instead.',
          );
        return { path: await options.pickFolder() };
      },
      'recents.list': async () => this.state.recents(),
      'recents.remove': async ({ path }) => this.state.removeRecent(path),
      'layout.get': async () => this.state.layout(),
      'layout.set': async ({ layout }) => {
        await this.state.setLayout(layout);
        return null;
      },
      'session.list': async ({ workspaceId }, client) =>
        this.sessions.list(this.workspaceFor(workspaceId, client).root),
      'session.settings': async ({ workspaceId }, client) => {
        this.workspaceFor(workspaceId, client);
        return this.sessions.settings();
      },
      'session.start': async (
        { workspaceId, prompt, reviewEdits, attachments, mode, model, reasoningEffort },
        client,
      ) => {
        const { root } = this.workspaceFor(workspaceId, client);
        const context = await readTurnAttachments(this.mcp, { workspaceId, root, home: this.home }, attachments);
        const chosen = model ? { model, reasoningEffort } : undefined;
        return {
          sessionId: await this.sessions.start(workspaceId, root, prompt, {
            reviewEdits,
            attachments: context,
            mode,
            model: chosen,
          }),
        };
      },
      'session.send': async ({ sessionId, prompt, attachments }, client) => {
        const workspaceId = this.sessions.workspaceOf(sessionId);
        const { root } = this.workspaceFor(workspaceId, client);
        const context = await readTurnAttachments(this.mcp, { workspaceId, root, home: this.home }, attachments);
        this.sessions.send(sessionId, prompt, context);
        return null;
      },
      'session.resume': async ({ workspaceId, sessionId }, client) =>
        this.sessions.resume(workspaceId, this.workspaceFor(workspaceId, client).root, sessionId),
      'session.interrupt': async ({ sessionId }) => {
        this.sessions.interrupt(sessionId);
        return null;
      },
      'session.approve': async ({ sessionId, callId, decision }) => {
        this.sessions.approve(sessionId, callId, decision);
        return null;
      },
      'session.review': async ({ sessionId, callId, answer }) => {
        this.sessions.review(sessionId, callId, answer);
        return null;
      },
      'session.reviewFile': async ({ sessionId, callId, path }) => this.sessions.reviewFile(sessionId, callId, path),
      'session.status': async ({ sessionId }) => this.sessions.status(sessionId),
      'session.setModel': async ({ sessionId, model, reasoningEffort }) =>
        this.sessions.setModel(sessionId, { model, reasoningEffort }),
      'session.undoTurn': async ({ sessionId, turn }) => {
        await this.sessions.undoTurn(sessionId, turn);
        return null;
      },
      'session.redoTurn': async ({ sessionId, turn }) => {
        await this.sessions.redoTurn(sessionId, turn);
        return null;
      },
      'specs.startWorkflow': async ({ workspaceId, name, kind, workflow, description }, client) => ({
        sessionId: await this.sessions.startSpecWorkflow(workspaceId, this.workspaceFor(workspaceId, client).root, {
          name,
          kind,
          workflow,
          description,
        }),
      }),
      'specs.decide': async ({ sessionId, decision, comments }) => {
        if (decision === 'request-changes' && !comments?.trim())
          throw new ExpectedFailure('invalid-params', 'Say what to change: the comments go to the agent.');
        this.sessions.decideSpecStage(
          sessionId,
          decision === 'request-changes' ? { decision, comments: comments!.trim() } : { decision },
        );
        return null;
      },
      'session.goal': async ({ sessionId, action, objective, tokenBudget }) => {
        await this.sessions.goal(sessionId, action, objective, tokenBudget);
        return null;
      },
      'session.compact': async ({ sessionId }) => {
        this.sessions.compact(sessionId);
        return null;
      },
      'session.setReviewEdits': async ({ sessionId, on }) => {
        this.sessions.setReviewEdits(sessionId, on);
        return null;
      },
      'session.setMode': async ({ sessionId, mode }) => {
        await this.sessions.setMode(sessionId, mode);
        return null;
      },
      'session.answer': async ({ sessionId, callId, answers }) => {
        this.sessions.answer(sessionId, callId, answers);
        return null;
      },
      'session.steer': async ({ sessionId, prompt, interrupt }) => this.sessions.steer(sessionId, prompt, interrupt),
      'session.unsteer': async ({ sessionId, steerId }) => {
        this.sessions.unsteer(sessionId, steerId);
        return null;
      },
      'session.savePlanAsSpec': async ({ sessionId, turn, name }) =>
        this.sessions.savePlanAsSpec(sessionId, turn, name),
      ...specHandlers<WorkbenchClient>((workspaceId, client) => this.workspaceFor(workspaceId, client)),
      ...crewHandlers<WorkbenchClient>(
        this.crews,
        this.sessions,
        (workspaceId, client) => this.workspaceFor(workspaceId, client).root,
        options.revealPath ?? ((p) => revealInFileManager(p)),
      ),
      ...trustHandlers<WorkbenchClient>(
        options.home,
        (workspaceId, client) => this.workspaceFor(workspaceId, client).root,
        // Trust changes which repository servers may start and which hooks may run: read the definitions again.
        async (workspaceId) => {
          await this.reopenMcp(workspaceId);
          await this.refreshHooks(workspaceId);
        },
      ),
      ...hooksHandlers<WorkbenchClient>(
        options.home,
        (workspaceId, client) => this.workspaceFor(workspaceId, client).root,
        (workspaceId, root, hook) =>
          runStandaloneHook(
            hook,
            { event: 'Manual', paths: [] },
            {
              home: options.home,
              workspaceId,
              root,
              sessions: this.sessions,
              // No session open to log it in: told to the workspace's windows, as a file hook's run is.
              notify: (event) => this.broadcast({ type: 'hooks.run', workspaceId, event }),
            },
          ),
        (workspaceId, list) => {
          this.workspaces.get(workspaceId)?.fileHooks.reread();
          this.broadcast({ type: 'hooks.changed', workspaceId, list });
        },
      ),
      ...mcpHandlers<WorkbenchClient>(this.mcp, mcp, (workspaceId, client) => {
        this.workspaceFor(workspaceId, client);
      }),
      'secrets.set': async ({ name, value }) => {
        if (!options.secrets)
          throw new ExpectedFailure(
            'unsupported',
            'Only the desktop app keeps keys in the OS keychain; here, set the environment variable before starting Trellis.',
          );
        if (isReservedSecretName(name))
          throw new ExpectedFailure(
            'invalid-params',
            `${name} is kept by Trellis itself (an MCP sign-in), not a key to set here.`,
          );
        await options.secrets.set(name, value);
        return null;
      },
    };
  }

  /** Validate a message from an untrusted renderer, run it, and return a Result; never throws. */
  async dispatch(method: unknown, params: unknown, client: WorkbenchClient): Promise<Result<unknown>> {
    if (!isRequestMethod(method)) return fail('unknown-method', `Unknown request ${String(method).slice(0, 64)}.`);
    const parsed = requestSpec(method).params.safeParse(params ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail('invalid-params', `Invalid ${method} request: ${issue.path.join('.') || 'params'} ${issue.message}.`);
    }
    try {
      const handler = this.handlers[method] as Handler<RequestMethod>;
      return ok(await handler(parsed.data as never, client));
    } catch (err) {
      // Every domain's expected failure carries its code and sentence; anything else is a bug.
      if (err instanceof ExpectedFailure) return fail(err.code, err.message);
      this.log(`${method} failed: ${(err as Error).stack ?? err}`);
      return fail('internal', (err as Error).message);
    }
  }

  /** A client went away (window closed, socket dropped): release what only it held. */
  async disconnect(client: WorkbenchClient): Promise<void> {
    await Promise.all([...this.workspaces.keys()].map((id) => this.detach(id, client)));
  }

  /** Resolves once an open workspace's watcher runs, so a change made from then on is reported (tests wait on it instead of a pause). */
  async watching(workspaceId: string): Promise<void> {
    await this.workspaces.get(workspaceId)?.workspace.startWatching();
  }

  async close(): Promise<void> {
    this.crews.stopAll();
    this.stopHomeWatch?.();
    await this.sessions.close();
    await this.mcp.closeAll();
    for (const { fileHooks } of this.workspaces.values()) fileHooks.dispose();
    await Promise.all([...this.workspaces.values()].map(({ workspace }) => workspace.dispose()));
    this.workspaces.clear();
    await this.pendingRecents;
    await this.state.flush();
  }

  private pendingRecents: Promise<unknown> = Promise.resolve();

  private async open(input: string, client: WorkbenchClient) {
    const workspace = await Workspace.open(input, (event) => this.broadcast(event));
    let entry = this.workspaces.get(workspace.id);
    if (!entry) {
      entry = { workspace, clients: new Set(), fileHooks: this.fileHooksOf(workspace) };
      this.workspaces.set(workspace.id, entry);
      workspace.startWatching().catch((err) => this.log(`cannot watch ${workspace.root}: ${err.message}`));
      // Start git's walk now: the renderer asks for status right after the tree, and joins this run.
      workspace.status().catch(() => {});
      this.mcp.open(workspace.id, workspace.root);
      // The person's own hook files, changed from a terminal or an editor: every open workspace's list is read again.
      this.stopHomeWatch ??= watchHomeHookFiles(
        this.home,
        () => {
          for (const id of this.workspaces.keys()) void this.refreshHooks(id);
        },
        this.log,
      );
      // A hook file written, edited or removed: the hooks list is read again (an edited hook shows untrusted again).
      workspace.onWatchBatch((batch) => {
        if ([...batch.files.keys(), ...batch.trees].some(isHookPlace)) void this.refreshHooks(workspace.id);
      });
    }
    entry.clients.add(client);
    // Remembering is not worth making the person wait for a disk write.
    this.pendingRecents = this.state
      .addRecent(entry.workspace.root)
      .catch((err) => this.log(`cannot remember ${entry.workspace.root}: ${err.message}`));
    return entry.workspace.summary();
  }

  private workspaceFor(id: string, client: WorkbenchClient): Workspace {
    const entry = this.workspaces.get(id);
    if (!entry || !entry.clients.has(client)) {
      throw new WorkspaceError('invalid-path', 'That workspace is not open in this window; open it first.');
    }
    return entry.workspace;
  }

  private async detach(id: string, client: WorkbenchClient): Promise<void> {
    const entry = this.workspaces.get(id);
    if (!entry || !entry.clients.delete(client) || entry.clients.size > 0) return;
    this.workspaces.delete(id);
    entry.fileHooks.dispose();
    await Promise.all([entry.workspace.dispose(), this.mcp.close(id)]);
  }

  /** The workspace's file hooks, fed by its watcher; a run with no session open to log it is told to its windows. */
  private fileHooksOf(workspace: Workspace): WorkspaceFileHooks {
    const { id: workspaceId, root } = workspace;
    const hooks = new WorkspaceFileHooks({
      home: this.home,
      workspaceId,
      root,
      sessions: this.sessions,
      notify: (event) => this.broadcast({ type: 'hooks.run', workspaceId, event }),
      log: this.log,
    });
    workspace.onWatchBatch((batch) => {
      if (batch.files.size) hooks.changes(batch.files);
    });
    return hooks;
  }

  private async reopenMcp(workspaceId: string): Promise<void> {
    const entry = this.workspaces.get(workspaceId);
    if (entry) await this.mcp.reopen(workspaceId, entry.workspace.root);
  }

  /** Read the workspace's hooks again and push the list to its windows. */
  private async refreshHooks(workspaceId: string): Promise<void> {
    const entry = this.workspaces.get(workspaceId);
    if (!entry) return;
    entry.fileHooks.reread();
    try {
      const list = hookList(await readWorkspaceHooks(this.home, entry.workspace.root), entry.workspace.root);
      this.broadcast({ type: 'hooks.changed', workspaceId, list });
    } catch (err) {
      this.log(`cannot read the hooks of ${entry.workspace.root}: ${(err as Error).message}`);
    }
  }

  private broadcast(event: WorkbenchEvent): void {
    if (!('workspaceId' in event)) return;
    for (const client of this.workspaces.get(event.workspaceId)?.clients ?? []) client.send(event);
  }
}
