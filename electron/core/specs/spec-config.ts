import type { SpecKind, SpecWorkflow } from '../../contract/specs';
import type { SpecConfig, SpecDiagnostic } from './spec-model';
import { diagnostic } from './spec-model';

/** `.config.kiro` names the quick workflow `fast-task`; the 2025 shape says `generationMode`. */
const WORKFLOWS: Record<string, SpecWorkflow> = {
  'requirements-first': 'requirements-first',
  'design-first': 'design-first',
  'fast-task': 'quick',
};

export const KIRO_WORKFLOW: Record<SpecWorkflow, string> = {
  'requirements-first': 'requirements-first',
  'design-first': 'design-first',
  quick: 'fast-task',
};

/**
 * Reads `.config.kiro` in any of its eras (2026 specId/workflowType/specType, 2025 generationMode). It is a hint:
 * unreadable content is a warning, never a reason not to open the spec.
 */
export function parseSpecConfig(
  text: string,
  file: string,
): { config: SpecConfig | null; diagnostics: SpecDiagnostic[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return {
      config: null,
      diagnostics: [
        diagnostic(
          file,
          1,
          'warning',
          'config-invalid',
          `.config.kiro is not valid JSON (${(err as Error).message}); it is ignored`,
        ),
      ],
    };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      config: null,
      diagnostics: [
        diagnostic(file, 1, 'warning', 'config-invalid', '.config.kiro is not a JSON object; it is ignored'),
      ],
    };
  }
  const record = raw as Record<string, unknown>;
  const mode = record.workflowType ?? record.generationMode;
  const specType =
    record.specType === 'feature' || record.specType === 'bugfix' ? (record.specType as SpecKind) : undefined;
  return {
    config: {
      specId: typeof record.specId === 'string' ? record.specId : undefined,
      workflow: typeof mode === 'string' ? (WORKFLOWS[mode] ?? null) : null,
      specType,
      raw: record,
    },
    diagnostics: [],
  };
}
