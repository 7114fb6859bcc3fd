import { lintEars } from './ears';
import type { Spec, SpecDiagnostic } from './spec-model';
import { buildTaskGraph } from './task-graph';
import { checkTraceability } from './traceability';

/** Every check on a spec: documents, EARS, the task graph and traceability, sorted by file and line. */
export function lintSpec(spec: Pick<Spec, 'requirements' | 'design' | 'tasks' | 'diagnostics'>): SpecDiagnostic[] {
  const found: SpecDiagnostic[] = [...spec.diagnostics];
  const { requirements, design, tasks } = spec;
  if (requirements) {
    found.push(...requirements.diagnostics);
    const glossary = new Set(requirements.glossary.map((g) => g.term));
    for (const req of requirements.requirements) {
      for (const criterion of req.criteria)
        found.push(...lintEars(criterion, requirements.file, { glossary, defect: req.section === 'current' }));
    }
  }
  if (design) found.push(...design.diagnostics);
  if (tasks) found.push(...buildTaskGraph(tasks).diagnostics);
  found.push(...checkTraceability({ requirements, design, tasks }));
  return found.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}
