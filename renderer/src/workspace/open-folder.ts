import { api } from '../state/api-instance';
import { useWorkspace } from '../state/workspace-store';

/** "Open Folder…": the native dialog where there is one (Electron). */
export async function requestOpenFolder(): Promise<void> {
  const result = await api().request('workspace.pickFolder', {});
  if (!result.ok) return useWorkspace.setState({ error: result.error.message });
  if (result.value.path) await useWorkspace.getState().open(result.value.path);
}

/**
 * The folder a drop carries: the real path of a dropped file where the
 * Electron preload can tell it, else a file:// URI from the drag data (what
 * file managers and browsers put in text/uri-list).
 */
export function folderFromDrop(data: DataTransfer): string | null {
  const file = data.files[0];
  const pathForFile = api().pathForFile;
  if (file && pathForFile) {
    const path = pathForFile(file);
    if (path) return path;
  }
  const uris = data.getData('text/uri-list') || data.getData('text/plain');
  const first = uris
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line && !line.startsWith('#'));
  if (!first) return null;
  return first.startsWith('file:') || first.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(first) ? first : null;
}
