/** Review after the fact: what a turn or a crew task changed, file by file, and putting it back. Zod-free: the preload imports it. */
export const CHANGE_METHODS = ['changes.list', 'changes.file', 'changes.revert', 'changes.reveal'] as const;
export type ChangeMethod = (typeof CHANGE_METHODS)[number];
