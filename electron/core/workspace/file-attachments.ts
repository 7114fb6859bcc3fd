import type { TurnAttachment } from '../../contract';
import { formatBytes } from '../limits/output-caps';
import { isWithin } from '../sandbox/build-policy';
import { readWorkspaceFile } from './read-file';
import { resolveInside } from './workspace-paths';
import { WorkspaceError } from './workspace-error';

/** The largest file a person may attach with `@`: enough for source files, not for logs or dumps. */
export const FILE_ATTACHMENT_MAX_BYTES = 256 * 1024;

/**
 * Read the repository files the person mentioned with `@`, as the context of one turn. The renderer only names them
 * (a path relative to the root); here each must stay inside the workspace (no `..`, no absolute path, no symlink
 * leading out, checked on the real path and read without following links), be text, and fit the cap. A file that
 * cannot be attached fails the whole message (nothing is sent) with a sentence naming it.
 */
export async function readFileAttachments(
  root: string,
  paths: readonly string[],
  options: { maxBytes?: number; hidden?: readonly string[] } = {},
): Promise<TurnAttachment[]> {
  const limits = { maxBytes: options.maxBytes ?? FILE_ATTACHMENT_MAX_BYTES, hidden: options.hidden ?? [] };
  return Promise.all(paths.map((path) => readFileAttachment(root, path, limits)));
}

async function readFileAttachment(
  root: string,
  path: string,
  { maxBytes, hidden }: { maxBytes: number; hidden: readonly string[] },
): Promise<TurnAttachment> {
  const relative = path.replace(/\\/g, '/').replace(/^\.\//, '');
  if (relative.startsWith('/') || /^[A-Za-z]:/.test(relative) || relative.split('/').includes('..'))
    throw new WorkspaceError(
      'outside-workspace',
      `${path} is not a path inside the workspace; attach files by their path from its root.`,
    );
  // What the sandbox hides from the agent (a .env, keys) is not handed to it, nor logged, through a mention either.
  const real = await resolveInside(root, relative);
  if (hidden.some((h) => isWithin(real, h)))
    throw new WorkspaceError(
      'outside-workspace',
      `${relative} is hidden from the agent by the sandbox's deny_read, so it cannot be attached.`,
    );
  const file = await readWorkspaceFile(root, relative, maxBytes);
  if (file.binary)
    throw new WorkspaceError('unreadable', `${relative} is a binary file; only text files can be attached.`);
  if (file.truncated)
    throw new WorkspaceError(
      'unreadable',
      `${relative} is ${formatBytes(file.size)}, more than the ${formatBytes(maxBytes)} a file attached with @ may be; name it in the message instead and the agent can read the parts it needs.`,
    );
  return { kind: 'file', path: relative, text: file.text };
}
