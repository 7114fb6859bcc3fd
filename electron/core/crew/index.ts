/** The crew: a spec's task graph run as parallel tasks, each in its own git worktree and branch. */
export * from './scheduler';
export * from './worktrees';
export * from './merge-task';
export * from './worktree-runner';
