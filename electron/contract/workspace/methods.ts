/** The workspace's requests: an opened folder, its files and git status. Zod-free: the preload imports it. */
export const WORKSPACE_METHODS = [
  'workspace.open',
  'workspace.close',
  'workspace.listDir',
  'workspace.listFiles',
  'workspace.status',
  'workspace.readFile',
  'workspace.initGit',
  'workspace.pickFolder',
] as const;
export type WorkspaceMethod = (typeof WORKSPACE_METHODS)[number];
