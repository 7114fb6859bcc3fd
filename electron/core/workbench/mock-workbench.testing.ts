import fs from 'node:fs';
import path from 'node:path';
import type { SessionEvent, WorkbenchEvent } from '../../contract';
import { contractChecked } from '../testing/contract-checked';
import { tempDir, tempRepo } from '../testing/temp-repo';
import { waitForItem } from '../testing/wait-for-item';
import { Workbench, type WorkbenchClient } from './workbench';

/**
 * For tests through the contract: a Workbench whose home's config.toml points at the mock model at `url`
 * (unconfined, no retries), one client collecting every event it is sent, and a small repository opened as a
 * workspace. `call` throws a refusal's sentence; `dispatch` gives the reply as it is. Close `workbench` after.
 */
export async function workbenchOnMockModel(url: string, home = tempDir()) {
  fs.writeFileSync(
    path.join(home, 'config.toml'),
    `model = "gpt-test"\nmodel_provider = "mock"\nsandbox_mode = "danger-full-access"\n[model_providers.mock]\nname = "Mock"\nbase_url = "${url}/v1"\nwire_api = "responses"\nrequest_max_retries = 0\nstream_max_retries = 0\n`,
  );
  const workbench = new Workbench({
    home,
    app: { name: 'Trellis', version: '0.0.0', platform: 'linux', shell: 'browser', initialPath: null },
  });
  const events: WorkbenchEvent[] = [];
  const client: WorkbenchClient = { id: 'c1', send: (e) => events.push(e) };
  const dispatch = contractChecked(workbench);
  async function call(method: string, params: unknown) {
    const result = await dispatch(method, params, client);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as never;
  }
  const { id: workspaceId } = await call('workspace.open', { path: tempRepo({ 'README.md': '# r\n' }) });
  const sessionEvents = (): SessionEvent[] => events.flatMap((e) => (e.type === 'session.event' ? [e.event] : []));
  /** The next time a session goes idle, counting events from index `after`. */
  const idle = (after: number) => waitForItem(events, (e, i) => i >= after && e.type === 'session.state' && !e.running);
  return { workbench, dispatch, client, call, events, sessionEvents, idle, home, workspaceId: workspaceId as string };
}
