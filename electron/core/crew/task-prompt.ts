/** What a subagent is told about its task: the task, the acceptance criteria it cites, the design, an earlier attempt's note. */
import type { TaskNode } from '../../contract/specs';
import type { Spec } from '../specs/spec-model';

/** The subagent's instructions (steering comes with the session, not from here). */
export function taskPrompt(spec: Spec, task: TaskNode, note?: string): string {
  const source = spec.tasks?.tasks.find((t) => t.id === task.id);
  const details = source?.details.map((d) => `  ${d.label}: ${d.value}`).join('\n') ?? '';
  const criteria =
    spec.requirements?.requirements.flatMap((r) =>
      r.criteria
        .filter(
          (c) =>
            task.requirements.includes(c.id) || task.requirements.includes(r.id) || task.requirements.includes('*'),
        )
        .map((c) => `- ${c.id}: ${c.text}`),
    ) ?? [];
  const design = spec.design
    ? spec.design.source.length > 12_000
      ? `${spec.design.source.slice(0, 12_000)}\n…(design continues in design.md)`
      : spec.design.source
    : '';
  return [
    `You are implementing task ${task.id} of the spec "${spec.name}": ${task.title}`,
    details && `Task details:\n${details}`,
    criteria.length ? `It must satisfy these acceptance criteria:\n${criteria.join('\n')}` : '',
    design && `The design (design.md):\n${design}`,
    note && `An earlier attempt at this task did not land:\n${note}`,
    'Work in the current folder (your own git worktree). Make the change, run the relevant tests, and finish with a short summary of what you did. Do not edit the spec files under .kiro/; Trellis tracks task status itself.',
  ]
    .filter(Boolean)
    .join('\n\n');
}
