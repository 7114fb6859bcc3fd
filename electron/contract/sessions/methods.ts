/** The agent sessions' requests: start, talk, approve, review, undo. Zod-free: the preload imports it. */
export const SESSION_METHODS = [
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
  'session.goal',
  'session.setMode',
  'session.compact',
  'session.answer',
  'session.steer',
  'session.unsteer',
  'session.setModel',
  'session.status',
] as const;
export type SessionMethod = (typeof SESSION_METHODS)[number];
