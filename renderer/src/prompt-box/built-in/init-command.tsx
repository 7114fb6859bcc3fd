import { api } from '../../state/api-instance';
import { useWorkspace } from '../../state/workspace-store';
import type { BuiltInContext } from '../commands';

/** What /init asks the agent for: a short contributor guide for agents, from what the repository really holds. */
export const INIT_PROMPT = `Write a file named AGENTS.md at the root of this repository: a contributor guide for coding agents (and people) working here. First look at the repository (its layout, manifests, build and test configuration, CI files, existing docs) so every line states what is true of it; do not invent commands or conventions.

Use short sections with descriptive headings, as fits the repository, for example:
- Project structure: where the source, tests and assets live, and what the main modules do.
- Build, test and development commands: the exact commands, each with one line on what it does.
- Coding style and naming: formatters and linters, indentation, naming patterns.
- Testing: frameworks, where tests go, how to run one test.
- Commits and pull requests: conventions seen in the history, what a change should include.

Keep it concise (about 200 to 400 words), in Markdown, with examples where they help. Write only AGENTS.md.`;

/** `/init`: a turn asking the agent to write AGENTS.md; one already there is replaced only once the person confirms. */
export async function initAgentsDoc(_args: string, ctx: BuiltInContext): Promise<string | null> {
  const workspace = useWorkspace.getState().workspace;
  if (!workspace) return 'Open a folder first.';
  if (ctx.session.getState().running) return 'The agent is working; run /init once its turn ends.';
  const existing = await api().request('workspace.readFile', { workspaceId: workspace.id, path: 'AGENTS.md' });
  if (!existing.ok) {
    // Only a missing file is written afresh: one that cannot be read (a link out of the workspace) is said.
    if (existing.error.code !== 'not-found') return existing.error.message;
    return (await ctx.session.getState().send(INIT_PROMPT)) ? null : 'The request was not sent.';
  }
  ctx.showCard(
    <section aria-label="AGENTS.md exists" className="command-card-body" role="alertdialog">
      <h3 className="command-card-title">This repository already has an AGENTS.md</h3>
      <p>Ask the agent to write a new one in its place? Its current text will be replaced.</p>
      <button
        type="button"
        className="button"
        onClick={() => {
          ctx.showCard(null);
          void ctx.session.getState().send(INIT_PROMPT);
        }}
      >
        Write a new AGENTS.md
      </button>{' '}
      <button type="button" className="button" onClick={() => ctx.showCard(null)}>
        Keep it
      </button>
    </section>,
  );
  return null;
}
