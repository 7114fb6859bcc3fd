import { useEffect, useState } from 'react';
import { useWorkspace } from '../state/workspace-store';
import { folderFromDrop } from './open-folder';

/** The whole window accepts a dropped folder; an overlay says so while something is dragged over it. */
export function DropTarget() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      e.preventDefault();
      depth++;
      setOver(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overHandler = (e: DragEvent) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setOver(false);
      const folder = e.dataTransfer ? folderFromDrop(e.dataTransfer) : null;
      if (folder) void useWorkspace.getState().open(folder);
      else useWorkspace.setState({ error: 'Drop a folder from your file manager to open it.' });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overHandler);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overHandler);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return over ? <div className="drop-overlay">Drop the folder to open it in Trellis</div> : null;
}
