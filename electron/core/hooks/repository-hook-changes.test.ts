import { describe, expect, it } from 'vitest';
import { needsDecision, reviewRepositoryConfig } from '../crew/repository-config';
import { tempDir, tempRepo } from '../testing/temp-repo';
import { KIRO_AGENT_WITH_HOOKS } from './formats/hook-fixtures';

describe("trellis trust's review of a repository's hooks", () => {
  it('lists each hook with the command it would run and when, so a repository with only hooks asks for trust', async () => {
    const repo = tempRepo({ '.kiro/agents/aws.json': KIRO_AGENT_WITH_HOOKS });
    const review = await reviewRepositoryConfig(tempDir('home-'), repo);
    expect(needsDecision(review)).toBe(true);
    expect(review.files).toHaveLength(1);
    expect(review.files[0]!.file).toBe('.kiro/agents/aws.json');
    expect(review.files[0]!.changes.map((c) => `${c.key}: ${c.reason}`)).toEqual([
      'hooks.agentSpawn[0]: runs this command on SessionStart',
      'hooks.preToolUse[0]: runs this command on PreToolUse /^exec_command$/',
      'hooks.preToolUse[1]: runs this command on PreToolUse /^mcp__git__status$/',
      'hooks.stop[0]: runs this command on Stop',
    ]);
    expect(review.files[0]!.changes[1]!.value).toContain('Shell command requested');
  });
});
