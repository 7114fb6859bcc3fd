export { applyHunks, HunkMismatchError, WholeFileOnlyError } from './apply-hunks';
export {
  applyReviewDecision,
  type FileDecision,
  type FileOutcome,
  type HunkOutcome,
  type ReviewDecisions,
  type ReviewResult,
} from './apply-review-decision';
export {
  lineBytes,
  reverseChange,
  type ChangeKind,
  type FileChange,
  type FileChangeSummary,
  type FileListEntry,
  type Hunk,
  type HunkLine,
  type LineEnd,
} from './change-model';
export { changesSince, createCheckpoint, listCheckpoints, pruneCheckpoints, type Checkpoint } from './checkpoints';
export { diffAgainst, fileContents, fileDiff, listChanges } from './diff-against';
export { diffContents, type DiffContentsInput } from './diff-contents';
export { formatHunkText, formatPatch } from './format-patch';
export { proposeFile, proposeFromPatch, type Proposal, type ProposedFile } from './proposal';
export { redoTurn, revertAll, revertFile, revertHunks, undoTurn, type RevertResult, type UndoResult } from './revert';
export { repoRoot } from '../git/git';
