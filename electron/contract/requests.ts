import { z } from 'zod';
import type { RequestMethod } from './channels';
import { WorkbenchLayoutSchema } from './layout';
import { CREW_REQUESTS } from './crew-requests';
import { SESSION_REQUESTS } from './sessions';
import { SPEC_REQUESTS } from './spec-requests';
import { TRUST_REQUESTS } from './trust';
import {
  DirListingSchema,
  FileContentSchema,
  GitStatusSchema,
  RecentWorkspaceSchema,
  RelativePathSchema,
  WorkspaceIdSchema,
  WorkspaceSummarySchema,
} from './workspace';

const NoParams = z.object({}).strict();
const Nothing = z.null();
const AbsolutePathInput = z.string().min(1).max(4096);

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  /** Which face the renderer is running in. */
  shell: z.enum(['electron', 'browser']),
  /** Whether workspace.pickFolder can show a native dialog. */
  canPickFolder: z.boolean(),
  /** Whether API keys can be kept in the OS keychain (the desktop app). */
  canStoreSecrets: z.boolean(),
  /** A workspace the shell asked to open at start (`trellis serve DIR`). */
  initialPath: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** Every request: its params and the value of a successful result. */
export const REQUESTS = {
  'app.info': { params: NoParams, value: AppInfoSchema },
  'workspace.open': { params: z.object({ path: AbsolutePathInput }).strict(), value: WorkspaceSummarySchema },
  'workspace.close': { params: z.object({ workspaceId: WorkspaceIdSchema }).strict(), value: Nothing },
  'workspace.listDir': {
    params: z.object({ workspaceId: WorkspaceIdSchema, dir: RelativePathSchema }).strict(),
    value: DirListingSchema,
  },
  'workspace.status': {
    params: z.object({ workspaceId: WorkspaceIdSchema }).strict(),
    value: GitStatusSchema.nullable(),
  },
  'workspace.readFile': {
    params: z.object({ workspaceId: WorkspaceIdSchema, path: RelativePathSchema.refine((p) => p !== '') }).strict(),
    value: FileContentSchema,
  },
  'workspace.initGit': { params: z.object({ workspaceId: WorkspaceIdSchema }).strict(), value: WorkspaceSummarySchema },
  'workspace.pickFolder': { params: NoParams, value: z.object({ path: z.string().nullable() }) },
  'recents.list': { params: NoParams, value: z.array(RecentWorkspaceSchema) },
  'recents.remove': { params: z.object({ path: AbsolutePathInput }).strict(), value: z.array(RecentWorkspaceSchema) },
  'layout.get': { params: NoParams, value: WorkbenchLayoutSchema.nullable() },
  'layout.set': { params: z.object({ layout: WorkbenchLayoutSchema }).strict(), value: Nothing },
  ...SESSION_REQUESTS,
  ...SPEC_REQUESTS,
  ...CREW_REQUESTS,
  ...TRUST_REQUESTS,
  /** Keep an API key (named like its environment variable) in the OS keychain. The value never comes back. */
  'secrets.set': {
    params: z.object({ name: z.string().regex(/^[A-Z][A-Z0-9_]{0,127}$/), value: z.string().min(1).max(4096) }).strict(),
    value: Nothing,
  },
} as const satisfies Record<RequestMethod, { params: z.ZodType; value: z.ZodType }>;

export type Requests = typeof REQUESTS;
export type RequestParams<M extends RequestMethod> = z.input<Requests[M]['params']>;
export type RequestValue<M extends RequestMethod> = z.infer<Requests[M]['value']>;
