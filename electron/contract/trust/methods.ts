/** A repository's own configuration and the person's trust in it. Zod-free: the preload imports it. */
export const TRUST_METHODS = ['trust.get', 'trust.decide'] as const;
export type TrustMethod = (typeof TRUST_METHODS)[number];
