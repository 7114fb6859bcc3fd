import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReviewAnswer, SessionEventBody } from '../../contract';
import { SessionApprovals, type ApprovalDecision, type ApprovalPolicy } from '../approvals/approval-policy';
import { UnconfinedExecutor } from '../sandbox/unconfined-executor';
import { tempRepo } from '../testing/temp-repo';
import { applyPatchFor } from './apply-patch-tool';
import type { PatchReviewer } from './patch-review';
import type { PatchScope, ToolContext } from './tool';

type Mode = 'read-only' | 'workspace-write' | 'danger-full-access';

const ORIGINAL = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const TWO_HUNKS = [
  '*** Begin Patch',
  '*** Update File: a.txt',
  '@@',
  ' line 1',
  '-line 2',
  '+line two',
  ' line 3',
  '@@',
  ' line 17',
  '-line 18',
  '+line eighteen',
  ' line 19',
  '*** End Patch',
].join('\n');

/** The scopes prepare-session gives each mode: the sandbox's roots for plain patches, the opened folder for a person's decision. */
function scopes(mode: Mode, repo: string): { patchScope: PatchScope; reviewScope: PatchScope } {
  const protectedPaths = ['.git', '.trellis'].map((n) => path.join(repo, n));
  const reviewScope = { writableRoots: [repo], readOnlyPaths: protectedPaths };
  if (mode === 'danger-full-access') return { patchScope: { writableRoots: ['/'], readOnlyPaths: [] }, reviewScope };
  return {
    patchScope: { writableRoots: mode === 'read-only' ? [] : [repo], readOnlyPaths: protectedPaths },
    reviewScope,
  };
}

interface Cell {
  mode: Mode;
  policy: ApprovalPolicy;
  /** The window (a person can be asked) or exec. */
  canAsk: boolean;
  reviewEdits?: boolean;
  /** The person's answer to an approval request. */
  approve?: ApprovalDecision;
  /** The person's answer to a review: accept hunk 1, reject hunk 2. */
  review?: ReviewAnswer;
}

async function run(cell: Cell, patch = TWO_HUNKS) {
  const repo = tempRepo({ 'a.txt': ORIGINAL });
  const events: SessionEventBody[] = [];
  const asked: string[] = [];
  const reviewer: PatchReviewer | undefined = cell.canAsk
    ? async () => cell.review ?? { decisions: {}, comments: [] }
    : undefined;
  const context: ToolContext = {
    cwd: repo,
    turn: 0,
    callId: 'call-1',
    signal: new AbortController().signal,
    executor: new UnconfinedExecutor(),
    escalatedExecutor: new UnconfinedExecutor(),
    ...scopes(cell.mode, repo),
    canAsk: cell.canAsk,
    sandboxMode: cell.mode,
    env: {},
    approvalPolicy: cell.policy,
    approvals: new SessionApprovals(async (request) => {
      asked.push(request.reason ?? '');
      return cell.canAsk ? (cell.approve ?? 'denied') : 'denied';
    }),
    reviewEdits: cell.reviewEdits ?? cell.policy === 'untrusted',
    reviewer,
    emit: async (event) => void events.push(event),
  };
  const output = await applyPatchFor(patch, repo, context);
  return { repo, output, events, asked, text: fs.readFileSync(path.join(repo, 'a.txt'), 'utf8') };
}

const HALF: ReviewAnswer = { decisions: { 'a.txt': [0] }, comments: [] };
const ACCEPTED = ORIGINAL.replace('line 2\n', 'line two\n');
const ALL = ACCEPTED.replace('line 18\n', 'line eighteen\n');

describe('a patch inside the opened folder, by sandbox mode and approval policy', () => {
  describe.each<Mode>(['read-only', 'workspace-write', 'danger-full-access'])('sandbox_mode %s', (mode) => {
    it('untrusted in the window: goes to review, exactly the accepted hunk is written and the decision logged', async () => {
      const { text, events, output } = await run({ mode, policy: 'untrusted', canAsk: true, review: HALF });
      expect(events.map((e) => e.type)).toEqual(['review.requested', 'review.decided', 'patch.applied']);
      expect(events[1]).toMatchObject({
        type: 'review.decided',
        decisions: { 'a.txt': [0] },
        outcome: [{ path: 'a.txt', status: 'partial', applied: [0], rejected: [1] }],
      });
      expect(text).toBe(ACCEPTED);
      expect(output.output).toContain('applied hunks 1 of 2; REJECTED hunks 2');
    });

    it('the session toggle under never: goes to review as well', async () => {
      const { text, events } = await run({ mode, policy: 'never', canAsk: true, reviewEdits: true, review: HALF });
      expect(events[0].type).toBe('review.requested');
      expect(text).toBe(ACCEPTED);
    });

    it('untrusted in exec: refused in one sentence naming approval_policy and how to change it; nothing written', async () => {
      const { text, output } = await run({ mode, policy: 'untrusted', canAsk: false });
      expect(output.isError).toBe(true);
      expect(output.output).toMatch(/approval_policy "untrusted".*--trust-tools apply_patch/);
      expect(text).toBe(ORIGINAL);
    });
  });

  describe.each<ApprovalPolicy>(['on-request', 'on-failure'])('%s', (policy) => {
    it('read-only in the window: asks for approval instead of failing; approved, the patch is written', async () => {
      const { text, events, asked } = await run({ mode: 'read-only', policy, canAsk: true, approve: 'approved' });
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatch(/sandbox_mode is "read-only"/);
      expect(events.map((e) => e.type)).toEqual(['approval.requested', 'approval.decided', 'patch.applied']);
      expect(events[0]).toMatchObject({ subject: 'patch', command: 'apply_patch: a.txt' });
      expect(text).toBe(ALL);
    });

    it('read-only in the window, denied: nothing written, and the model hears why', async () => {
      const { text, output } = await run({ mode: 'read-only', policy, canAsk: true, approve: 'denied' });
      expect(output.output).toContain('You denied writing a.txt');
      expect(text).toBe(ORIGINAL);
    });

    it('workspace-write: written without asking', async () => {
      const { text, asked } = await run({ mode: 'workspace-write', policy, canAsk: true });
      expect(asked).toEqual([]);
      expect(text).toBe(ALL);
    });
  });

  it('approve for this session covers the later patches in the opened folder', async () => {
    const repo = tempRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    let asked = 0;
    const events: SessionEventBody[] = [];
    const context: ToolContext = {
      cwd: repo,
      turn: 0,
      callId: 'c',
      signal: new AbortController().signal,
      executor: new UnconfinedExecutor(),
      escalatedExecutor: new UnconfinedExecutor(),
      ...scopes('read-only', repo),
      canAsk: true,
      sandboxMode: 'read-only',
      env: {},
      approvalPolicy: 'on-request',
      approvals: new SessionApprovals(async () => (asked++, 'approved-for-session')),
      emit: async (e) => void events.push(e),
    };
    await applyPatchFor('*** Begin Patch\n*** Update File: a.txt\n@@\n-a\n+A\n*** End Patch', repo, context);
    await applyPatchFor('*** Begin Patch\n*** Update File: b.txt\n@@\n-b\n+B\n*** End Patch', repo, {
      ...context,
      callId: 'd',
    });
    expect(asked).toBe(1);
    expect(fs.readFileSync(path.join(repo, 'b.txt'), 'utf8')).toBe('B\n');
  });

  describe('where nobody can be asked, read-only refuses in one sentence naming sandbox_mode and how to change it', () => {
    it.each<[ApprovalPolicy, boolean]>([
      ['never', true],
      ['never', false],
      ['on-request', false],
      ['on-failure', false],
    ])('%s (window: %s)', async (policy, canAsk) => {
      const { text, output, events, asked } = await run({ mode: 'read-only', policy, canAsk });
      expect(asked).toEqual([]);
      const error = (events.find((e) => e.type === 'patch.applied') as { error: string }).error;
      expect(error).toMatch(
        /^apply_patch may not write a\.txt: sandbox_mode is "read-only", which lets the agent write nothing and .*sandbox_mode = "workspace-write"/,
      );
      expect(error.match(/[.!?](\s|$)/g)).toHaveLength(1); // one sentence
      expect(error).not.toContain('()');
      expect(output.output).toContain(error);
      expect(text).toBe(ORIGINAL);
    });

    it('never with workspace-write writes as before', async () => {
      expect((await run({ mode: 'workspace-write', policy: 'never', canAsk: false })).text).toBe(ALL);
    });
  });

  describe('the protected places stay refused whoever decides', () => {
    const intoGit =
      '*** Begin Patch\n*** Add File: .git/hooks/post-checkout\n+#!/bin/sh\n+touch /var/tmp/pwned\n*** End Patch';

    it('a review never proposes a write into .git', async () => {
      const { repo, events, output } = await run(
        {
          mode: 'read-only',
          policy: 'untrusted',
          canAsk: true,
          review: { decisions: { '.git/hooks/post-checkout': 'accept' }, comments: [] },
        },
        intoGit,
      );
      expect(events.map((e) => e.type)).toEqual(['patch.applied']);
      expect(output.output).toMatch(/\.git stays read-only|read-only/);
      expect(fs.existsSync(path.join(repo, '.git/hooks/post-checkout'))).toBe(false);
    });

    it('an approval is never asked for a write into .git, and the refusal prints no empty list', async () => {
      const { repo, asked, output } = await run(
        { mode: 'read-only', policy: 'on-request', canAsk: true, approve: 'approved' },
        intoGit,
      );
      expect(asked).toEqual([]);
      expect(output.output).not.toContain('()');
      expect(fs.existsSync(path.join(repo, '.git/hooks/post-checkout'))).toBe(false);
    });

    it('a patch leaving the opened folder is neither reviewed nor asked about', async () => {
      const { asked, events } = await run(
        { mode: 'read-only', policy: 'on-request', canAsk: true, approve: 'approved' },
        '*** Begin Patch\n*** Add File: ../escaped.txt\n+x\n*** End Patch',
      );
      expect(asked).toEqual([]);
      expect(events.map((e) => e.type)).toEqual(['patch.applied']);
      expect(events[0]).toMatchObject({ success: false });
    });
  });
});
