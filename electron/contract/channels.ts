/**
 * Names of every request and the one event channel. Kept free of zod so the
 * sandboxed preload can import it without bundling the schemas.
 */
export const REQUEST_METHODS = [
  'app.info',
  'workspace.open',
  'workspace.close',
  'workspace.listDir',
  'workspace.status',
  'workspace.readFile',
  'workspace.initGit',
  'workspace.pickFolder',
  'recents.list',
  'recents.remove',
  'layout.get',
  'layout.set',
  'session.list',
  'session.settings',
  'session.start',
  'session.send',
  'session.resume',
  'session.interrupt',
  'session.approve',
  'session.review',
  'session.reviewFile',
  'session.setReviewEdits',
  'session.undoTurn',
  'session.redoTurn',
  'specs.startWorkflow',
  'specs.decide',
  'specs.list',
  'specs.load',
  'specs.setTaskStatus',
  'specs.create',
  'changes.list',
  'changes.file',
  'changes.revert',
  'changes.reveal',
  'crew.start',
  'crew.stop',
  'crew.pause',
  'crew.resume',
  'crew.approve',
  'crew.reject',
  'crew.resolve',
  'crew.retry',
  'crew.runs',
  'crew.resumeRun',
  'crew.dismissRun',
  'crew.worktrees',
  'crew.removeWorktree',
  'trust.get',
  'trust.decide',
  'secrets.set',
] as const;
export type RequestMethod = (typeof REQUEST_METHODS)[number];

/** Electron IPC channel for one request method. */
export const ipcChannel = (method: RequestMethod) => `trellis:${method}`;
export const IPC_EVENT_CHANNEL = 'trellis:event';

export function isRequestMethod(value: unknown): value is RequestMethod {
  return typeof value === 'string' && (REQUEST_METHODS as readonly string[]).includes(value);
}
