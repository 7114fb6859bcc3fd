import type { SessionEvent } from '../../contract';
import { refuseAll } from '../approvals/approval-policy';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { mockModelClient } from '../testing/mock-model-client';
import { tempDir } from '../testing/temp-repo';
import { execCommandTool } from '../tools/exec-command-tool';
import type { AgentSessionOptions } from './agent-session';

/**
 * For tests of the loop: the options of a session against the mock model at `url` (the real SDK client, its real
 * wire format), in fresh folders, unconfined, never asking, with every event it logs collected. `extra` overrides any.
 */
export async function mockSessionOptions(url: string, extra: Partial<AgentSessionOptions> = {}) {
  const events: SessionEvent[] = [];
  const options: AgentSessionOptions = {
    home: tempDir(),
    cwd: tempDir(),
    model: 'gpt-test',
    providerId: 'mock',
    client: await mockModelClient(url),
    streamMaxRetries: 0,
    instructions: 'You are a test agent.',
    tools: [execCommandTool],
    executor: new UnconfinedExecutor(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    sandboxMode: 'danger-full-access',
    approvalPolicy: 'never',
    approver: refuseAll,
    onEvent: (e) => events.push(e),
    ...extra,
  };
  return { options, events };
}
