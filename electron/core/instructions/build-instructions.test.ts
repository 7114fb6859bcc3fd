import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeFiles } from '../testing/temp-repo';
import { loadAgentsDocs } from './agents-docs';
import { BASE_INSTRUCTIONS } from './base-prompt';
import { buildInstructions, type InstructionsEnvironment } from './build-instructions';
import { loadSteering } from './steering';

const ENV: InstructionsEnvironment = {
  cwd: '/work/repo',
  sandboxMode: 'workspace-write',
  approvalPolicy: 'on-request',
  os: 'linux',
  shell: 'bash',
  date: new Date(2026, 3, 1, 23, 30),
};

describe('buildInstructions', () => {
  it('puts base prompt, AGENTS.md, steering and environment in that order', async () => {
    const base = tempDir();
    writeFiles(base, {
      'home/AGENTS.md': 'Answer in English.\n',
      'repo/.git/HEAD': '',
      'repo/AGENTS.md': 'Run npm test.\n',
      'repo/.kiro/steering/tech.md': '---\ninclusion: always\n---\nUse vitest.\n',
    });
    const repo = path.join(base, 'repo');
    const agentsDocs = await loadAgentsDocs({ home: path.join(base, 'home'), cwd: repo, maxBytes: 32768 });
    const steering = await loadSteering({ root: repo });
    const text = buildInstructions({ agentsDocs, steering, environment: { ...ENV, cwd: repo } });

    expect(text.startsWith(BASE_INSTRUCTIONS)).toBe(true);
    expect(text.slice(BASE_INSTRUCTIONS.length)).toBe(
      [
        '',
        '',
        `# AGENTS.md instructions for ${repo}`,
        '',
        '<INSTRUCTIONS>',
        'Answer in English.',
        '',
        'Run npm test.',
        '</INSTRUCTIONS>',
        '',
        '# Steering instructions from .kiro/steering/tech.md (always)',
        '',
        '<INSTRUCTIONS>',
        'Use vitest.',
        '</INSTRUCTIONS>',
        '',
        '<environment_context>',
        `  <cwd>${repo}</cwd>`,
        '  <approval_policy>on-request</approval_policy>',
        '  <sandbox_mode>workspace-write</sandbox_mode>',
        '  <os>linux</os>',
        '  <shell>bash</shell>',
        '  <current_date>2026-04-01</current_date>',
        '</environment_context>',
      ].join('\n'),
    );
  });

  it('leaves out empty parts, takes a custom base and escapes the environment', () => {
    const text = buildInstructions({
      agentsDocs: { text: '  ' },
      steering: [{ file: '.kiro/steering/x.md', inclusion: 'manual', text: '' }],
      environment: { ...ENV, cwd: '/tmp/a&b<c>', networkAccess: false, date: '2026-01-02' },
      base: 'Be brief.',
    });
    expect(text).toBe(
      [
        'Be brief.',
        '',
        '<environment_context>',
        '  <cwd>/tmp/a&amp;b&lt;c&gt;</cwd>',
        '  <approval_policy>on-request</approval_policy>',
        '  <sandbox_mode>workspace-write</sandbox_mode>',
        '  <network_access>restricted</network_access>',
        '  <os>linux</os>',
        '  <shell>bash</shell>',
        '  <current_date>2026-01-02</current_date>',
        '</environment_context>',
      ].join('\n'),
    );
  });

  it('has a base prompt that covers the tools and the patch rules', () => {
    for (const needle of [
      'exec_command',
      'apply_patch',
      'update_plan',
      '*** Begin Patch',
      '*** End Patch',
      'never use absolute paths',
      'minimal',
    ]) {
      expect(BASE_INSTRUCTIONS).toContain(needle);
    }
  });
});
