import { useEffect, useState } from 'react';
import { api } from '../state/api-instance';
import { useWorkspace } from '../state/workspace-store';

/**
 * The workspace's files for `@` mentions, asked for again each time an `@` list opens (files come and go while the
 * agent works); the last answer stays shown meanwhile.
 */
export function useWorkspaceFiles(listing: boolean): string[] {
  const workspaceId = useWorkspace((s) => s.workspace?.id ?? null);
  const [files, setFiles] = useState<{ workspaceId: string; files: string[] } | null>(null);
  useEffect(() => {
    if (!listing || !workspaceId) return;
    let current = true;
    void api()
      .request('workspace.listFiles', { workspaceId })
      .then((result) => {
        if (current && result.ok) setFiles({ workspaceId, files: result.value.files });
      });
    return () => {
      current = false;
    };
  }, [listing, workspaceId]);
  return files && files.workspaceId === workspaceId ? files.files : [];
}
