import { z } from 'zod';
import { lazy } from '../lazy';
import type { RequestTable } from '../request-table';
import type { ChangeMethod } from './methods';
import { changeSchemas, changeSourceSchema } from './schemas';

export const changeRequests = lazy(() => {
  const { ReviewFile, ReviewFileEntry, ReviewFileDetail } = changeSchemas();
  const source = changeSourceSchema();
  const fileRef = { path: z.string().max(4096), oldPath: z.string().max(4096).optional(), kind: ReviewFile.shape.kind };
  return {
    /** The files a turn or a task changed; `counts` adds line counts and binary flags (slower on a big change). */
    'changes.list': {
      params: z.object({ source, counts: z.boolean().optional() }).strict(),
      value: z.array(ReviewFileEntry),
    },
    /** One changed file: hunks and both sides. */
    'changes.file': { params: z.object({ source, ...fileRef }).strict(), value: ReviewFileDetail },
    /** Put back the start of the turn or task for everything, one file, or some hunks of it. */
    'changes.revert': {
      params: z
        .object({
          source,
          path: z.string().max(4096).optional(),
          hunks: z.array(z.number().int().nonnegative()).max(100_000).optional(),
        })
        .strict(),
      value: z.null(),
    },
    /** Show a changed file in the system's file manager (binary and very large files are not displayed here). */
    'changes.reveal': { params: z.object({ source, path: z.string().max(4096) }).strict(), value: z.null() },
  } as const satisfies RequestTable<ChangeMethod>;
});
export type ChangeRequests = ReturnType<typeof changeRequests>;
