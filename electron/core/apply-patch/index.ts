export { applyPatch, formatSummary, type ApplyPatchOptions, type ApplyPatchResult } from './apply-patch';
export type { PatchChange } from './compute-changes';
export { extractHeredocPatch, type HeredocPatch } from './extract-heredoc';
export { parsePatch, type ParsedPatch, type PatchHunk, type UpdateChunk } from './parse-patch';
export { PatchError } from './patch-error';
