import path from 'node:path';
import { applyPatch } from '../apply-patch';
import { APPLY_PATCH_GRAMMAR } from './apply-patch-grammar';
import { askToWritePatch } from './patch-permission';
import { reviewThenApply } from './patch-review';
import type { Tool, ToolContext, ToolOutput } from './tool';

const DESCRIPTION = `Edit files with a patch. Format:
*** Begin Patch
*** Add File: path/new.ts
+line
*** Update File: path/old.ts
@@ context line near the change
 unchanged line
-removed line
+added line
*** Delete File: path/gone.ts
*** End Patch
Paths are relative to the working folder; never absolute. Include 3 lines of context around each change. The patch is all or nothing: if any part fails, nothing is written.`;

/** apply_patch as a freeform tool (Responses API custom tool; a one-string function elsewhere). */
export const applyPatchTool: Tool = {
  spec: {
    kind: 'freeform',
    name: 'apply_patch',
    description: DESCRIPTION,
    grammar: { syntax: 'lark', definition: APPLY_PATCH_GRAMMAR },
  },
  run(input, context) {
    return applyPatchFor(input, context.cwd, context);
  },
};

/** Apply a patch for the model (from the tool, or a heredoc sent through exec_command) and log what changed. */
export async function applyPatchFor(patch: string, cwd: string, context: ToolContext): Promise<ToolOutput> {
  const { turn, callId } = context;
  const started = performance.now();
  if (context.reviewEdits)
    return reviewThenApply(patch, cwd, context, () => ((performance.now() - started) / 1000).toFixed(1));
  let result = await applyPatch(patch, { cwd, ...context.patchScope });
  if (!result.ok && result.code === 'outside-roots') {
    // The sandbox's roots refused it; inside the opened folder a person's approval may still let it through.
    const permission = await askToWritePatch(patch, cwd, context);
    if (permission.kind === 'approved')
      result = await applyPatch(patch, { cwd, ...(context.reviewScope ?? context.patchScope) });
    else if (permission.kind === 'refused') result = { ok: false, code: 'outside-roots', error: permission.message };
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (!result.ok) {
    await context.emit({ type: 'patch.applied', turn, callId, success: false, changes: [], error: result.error });
    return {
      output: `Exit code: 1\nWall time: ${seconds} seconds\nOutput:\napply_patch verification failed: ${result.error}\nNothing was written.`,
      isError: true,
    };
  }
  const changes = result.changes.map((c) => ({ ...c, path: toWorkspacePath(context.cwd, cwd, c.path) }));
  await context.emit({ type: 'patch.applied', turn, callId, success: true, changes });
  return { output: `Exit code: 0\nWall time: ${seconds} seconds\nOutput:\n${result.summary}`, isError: false };
}

function toWorkspacePath(root: string, cwd: string, relative: string): string {
  return path.relative(root, path.resolve(cwd, relative)).split(path.sep).join('/');
}
