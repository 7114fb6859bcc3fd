import type { CrewTaskRow } from '../../../electron/contract';

/** A crew task's state in words, the same in the subagents pane and on the task graph. */
export const CREW_STATE_LABEL: Record<CrewTaskRow['state'], string> = {
  queued: 'queued',
  running: 'running',
  reviewing: 'awaiting review',
  done: 'done',
  merged: 'merged',
  conflict: 'merge conflict',
  rejected: 'rejected',
  failed: 'failed',
  blocked: 'waiting',
  interrupted: 'interrupted',
  cancelled: 'cancelled',
};

/** Crew states tasks.md cannot show (it knows todo, in progress and done): the graph adds them to a node. */
export const CREW_ONLY_STATES = new Set<CrewTaskRow['state']>([
  'reviewing',
  'conflict',
  'rejected',
  'failed',
  'blocked',
  'interrupted',
]);
