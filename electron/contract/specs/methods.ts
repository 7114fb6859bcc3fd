/** The spec requests: Kiro specs read and edited, and written stage by stage by the agent. Zod-free: the preload imports it. */
export const SPEC_METHODS = [
  'specs.list',
  'specs.load',
  'specs.setTaskStatus',
  'specs.create',
  'specs.startWorkflow',
  'specs.decide',
] as const;
export type SpecMethod = (typeof SPEC_METHODS)[number];
