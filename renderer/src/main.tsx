import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api';
import { Workbench } from './workbench';
import { setApi } from './state/api-instance';
import { routeEvents } from './state/event-router';
import { useLayout } from './state/layout-store';
import { useWorkspace } from './state/workspace-store';
import { requestOpenFolder } from './workspace/open-folder';
import './styles.css';

const api = createApi();
setApi(api);
routeEvents(api, (command) => {
  if (command === 'open-folder') void requestOpenFolder();
});
void useLayout.getState().load();
void useWorkspace.getState().start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Workbench />
  </StrictMode>,
);
