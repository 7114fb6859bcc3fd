import { z } from 'zod';
import { lazy } from '../lazy';
import type { RequestTable } from '../request-table';
import type { AppMethod } from './methods';
import { appSchemas } from './schemas';

export const appRequests = lazy(() => {
  const { AppInfo, RecentWorkspace, WorkbenchLayout } = appSchemas();
  const noParams = z.object({}).strict();
  return {
    'app.info': { params: noParams, value: AppInfo },
    'recents.list': { params: noParams, value: z.array(RecentWorkspace) },
    'recents.remove': {
      params: z.object({ path: z.string().min(1).max(4096) }).strict(),
      value: z.array(RecentWorkspace),
    },
    'layout.get': { params: noParams, value: WorkbenchLayout.nullable() },
    'layout.set': { params: z.object({ layout: WorkbenchLayout }).strict(), value: z.null() },
    /** Keep an API key (named like its environment variable) in the OS keychain. The value never comes back. */
    'secrets.set': {
      params: z
        .object({ name: z.string().regex(/^[A-Z][A-Z0-9_]{0,127}$/), value: z.string().min(1).max(4096) })
        .strict(),
      value: z.null(),
    },
  } as const satisfies RequestTable<AppMethod>;
});
export type AppRequests = ReturnType<typeof appRequests>;
