/** Crew runs: a spec's tasks as subagents, their review, retry and worktrees. Zod-free: the preload imports it. */
export const CREW_METHODS = [
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
] as const;
export type CrewMethod = (typeof CREW_METHODS)[number];
