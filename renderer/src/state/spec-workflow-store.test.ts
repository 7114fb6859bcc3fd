import { beforeEach, describe, expect, it } from 'vitest';
import { SESSION_LOG_VERSION, type SessionEvent, type SessionEventBody } from '../../../electron/contract';
import { useSpecWorkflow } from './spec-workflow-store';

let seq = 0;
const ev = (body: SessionEventBody): SessionEvent =>
  ({ v: SESSION_LOG_VERSION, session: 's1', seq: seq++, ts: '2026-01-01T00:00:00Z', ...body }) as SessionEvent;
const writing = ev({
  type: 'spec.stage',
  spec: 'csv',
  stage: 'requirements',
  state: 'writing',
  file: '.kiro/specs/csv/requirements.md',
});
const retry = (n: number) =>
  ev({ type: 'error', message: `HTTP 503: overloaded; retrying in 0.5 s (${n}/4)`, willRetry: true });

beforeEach(() => useSpecWorkflow.getState().reset());

describe('the spec workflow store', () => {
  it('shows each retry while a stage is written, the latest replacing the one before', () => {
    useSpecWorkflow.getState().ingest('s1', [writing, retry(1)]);
    expect(useSpecWorkflow.getState()).toMatchObject({
      state: 'writing',
      retry: 'HTTP 503: overloaded; retrying in 0.5 s (1/4)',
    });
    useSpecWorkflow.getState().ingest('s1', [retry(2)]);
    expect(useSpecWorkflow.getState().retry).toBe('HTTP 503: overloaded; retrying in 0.5 s (2/4)');
  });

  it('forgets the retry once the model answers again, and reports the failure when retries are spent', () => {
    useSpecWorkflow
      .getState()
      .ingest('s1', [writing, retry(1), ev({ type: 'message.delta', turn: 0, itemId: 'm', text: 'Writing' })]);
    expect(useSpecWorkflow.getState().retry).toBeNull();
    useSpecWorkflow.getState().ingest('s1', [
      retry(1),
      ev({
        type: 'spec.stage',
        spec: 'csv',
        stage: 'requirements',
        state: 'failed',
        file: '.kiro/specs/csv/requirements.md',
        error: 'HTTP 503: overloaded',
      }),
    ]);
    expect(useSpecWorkflow.getState()).toMatchObject({ state: 'failed', error: 'HTTP 503: overloaded', retry: null });
  });

  it('ignores a retry that is not part of writing a stage (an ordinary session turn)', () => {
    useSpecWorkflow.getState().ingest('s1', [retry(1)]);
    expect(useSpecWorkflow.getState().retry).toBeNull();
  });
});
