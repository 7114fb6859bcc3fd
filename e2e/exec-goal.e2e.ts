import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { mockedHome, sessionLogs, trellis } from './support/exec-harness';
import { makeRepo } from './support/git-repo';

const say = (text: string) => ({
  items: [{ type: 'message' as const, text }],
  usage: { input_tokens: 50, output_tokens: 5 },
});
const markGoal = (status: string, reason: string) => ({
  items: [{ type: 'function_call' as const, name: 'update_goal', arguments: JSON.stringify({ status, reason }) }],
  usage: { input_tokens: 50, output_tokens: 5 },
});
const prompts = (requests: { body: unknown }[]) =>
  requests.map((r) =>
    JSON.stringify((r.body as { input: { role?: string }[] }).input.filter((i) => i.role === 'user').at(-1)),
  );

test.describe('trellis exec --goal', () => {
  test('pursues the goal over continuation turns to complete: the final message on stdout, exit 0', async () => {
    const { home, model } = await mockedHome({
      turns: [say('Looking around.'), markGoal('complete', 'The README says hello.'), say('The goal is complete.')],
    });
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const run = await trellis(['exec', '--goal', 'Make the README say hello'], { home, cwd: repo }).done;
    await model.close();

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('The goal is complete.\n');
    expect(run.stderr).toContain('goal complete');
    expect(model.requests).toHaveLength(3);
    for (const prompt of prompts(model.requests)) expect(prompt).toContain('Make the README say hello');
    const log = fs.readFileSync(sessionLogs(home)[0], 'utf8');
    expect(log).toContain('"origin":"goal"');
  });

  test('stops at --token-budget after one wrap-up turn: the summary on stdout, a sentence on stderr, exit 1', async () => {
    const { home, model } = await mockedHome({
      turns: [say('Step one.'), say('Step two.'), say('Summary: one file left.'), say('never')],
    });
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const run = await trellis(['exec', '--goal', 'Rewrite the docs', '--token-budget', '100'], { home, cwd: repo })
      .done;
    await model.close();

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('Summary: one file left.\n');
    expect(run.stderr).toContain("trellis exec: the goal's token budget ran out (165 of 100 tokens)");
    expect(model.requests).toHaveLength(3);
    expect(prompts(model.requests)[2]).toContain('reached its token budget');
  });

  test("a blocked goal exits 1 with the model's reason; a bad budget is a usage error before any model request", async () => {
    const { home, model } = await mockedHome({
      turns: [markGoal('blocked', 'The API key for the deploy is missing.'), say('I am blocked.')],
    });
    const repo = makeRepo({ 'README.md': '# demo\n' });
    const blocked = await trellis(['exec', '--goal', 'Deploy the site'], { home, cwd: repo }).done;
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toBe('I am blocked.\n');
    expect(blocked.stderr).toContain('trellis exec: the goal is blocked: The API key for the deploy is missing.');

    const sent = model.requests.length;
    const bad = await trellis(['exec', '--goal', 'Deploy', '--token-budget', 'lots'], { home, cwd: repo }).done;
    const orphan = await trellis(['exec', '--token-budget', '100', 'hello'], { home, cwd: repo }).done;
    await model.close();
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--token-budget must be a whole number of tokens above 0, not "lots"');
    expect(orphan.code).toBe(2);
    expect(orphan.stderr).toContain('--token-budget needs --goal OBJECTIVE.');
    expect(model.requests).toHaveLength(sent);
  });
});
