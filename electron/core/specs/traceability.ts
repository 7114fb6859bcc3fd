import { ALL_REQUIREMENTS } from './id-list';
import type { DesignDocument, RequirementsDocument, SpecDiagnostic, TasksDocument } from './spec-model';
import { diagnostic } from './spec-model';

/** Whether `ref` (`N.k` or `N`) names something in the requirements document. */
function resolver(doc: RequirementsDocument): (ref: string) => boolean {
  const known = new Set<string>();
  const withoutCriteria = new Set<string>();
  for (const req of doc.requirements) {
    known.add(req.id);
    if (!req.criteria.length) withoutCriteria.add(req.id);
    for (const c of req.criteria) known.add(c.id);
  }
  return (ref) => {
    if (ref === ALL_REQUIREMENTS || known.has(ref)) return true;
    // A requirement written as prose has no numbered criteria we could check `N.k` against: give it the benefit.
    const dot = ref.indexOf('.');
    return dot > 0 && withoutCriteria.has(ref.slice(0, dot));
  };
}

/**
 * Traceability between the three documents: requirements no task covers, tasks citing requirements that do
 * not exist, design properties that validate nothing or cite missing requirements, and tasks naming a
 * property the design does not define. Checks needing a missing document are skipped (half-finished specs).
 */
export function checkTraceability(docs: {
  requirements: RequirementsDocument | null;
  design: DesignDocument | null;
  tasks: TasksDocument | null;
}): SpecDiagnostic[] {
  const { requirements, design, tasks } = docs;
  const found: SpecDiagnostic[] = [];
  const exists = requirements ? resolver(requirements) : null;

  if (tasks && exists) {
    for (const task of tasks.tasks) {
      for (const ref of task.requirements) {
        if (exists(ref)) continue;
        const line = task.details.find((d) => d.value.includes(ref))?.line ?? task.line;
        found.push(
          diagnostic(
            tasks.file,
            line,
            'error',
            'unknown-requirement',
            `task ${task.id} cites requirement ${ref}, which ${requirements!.file} does not define`,
          ),
        );
      }
    }
  }

  if (tasks && requirements && tasks.tasks.length) {
    const cited = new Set<string>();
    for (const task of tasks.tasks) for (const ref of task.requirements) cited.add(ref);
    if (!cited.has(ALL_REQUIREMENTS)) {
      for (const req of requirements.requirements) {
        // Bugfix "current behaviour" clauses describe the defect; the fix covers the expected and unchanged ones.
        if (req.section === 'current') continue;
        if (cited.has(req.id) || req.criteria.some((c) => cited.has(c.id))) continue;
        const what =
          requirements.kind === 'bugfix'
            ? `clauses ${req.id}.x`
            : `requirement ${req.id}${req.title ? ` (${req.title})` : ''}`;
        found.push(
          diagnostic(requirements.file, req.line, 'warning', 'uncovered-requirement', `${what}: no task cites it`),
        );
      }
    }
  }

  if (design) {
    for (const property of design.properties) {
      if (!property.validates.length) {
        found.push(
          diagnostic(
            design.file,
            property.line,
            'warning',
            'property-validates-nothing',
            `property ${property.number} validates no requirement; add "**Validates: Requirements N.k**"`,
          ),
        );
        continue;
      }
      if (!exists) continue;
      for (const ref of property.validates) {
        if (!exists(ref))
          found.push(
            diagnostic(
              design.file,
              property.validatesLine,
              'error',
              'property-unknown-requirement',
              `property ${property.number} validates requirement ${ref}, which ${requirements!.file} does not define`,
            ),
          );
      }
    }
    if (tasks && design.properties.length) {
      const numbers = new Set(design.properties.map((p) => p.number));
      for (const task of tasks.tasks) {
        if (task.property === null || numbers.has(task.property)) continue;
        const line = task.details.find((d) => /^property/i.test(d.label))?.line ?? task.line;
        found.push(
          diagnostic(
            tasks.file,
            line,
            'warning',
            'unknown-property',
            `task ${task.id} names property ${task.property}, which ${design.file} does not define`,
          ),
        );
      }
    }
  }
  return found;
}
