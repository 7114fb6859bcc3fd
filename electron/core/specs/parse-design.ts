import { parseIdList } from './id-list';
import { heading, proseLines } from './source-lines';
import type { CorrectnessProperty, DesignDocument, DesignSection, SpecDiagnostic } from './spec-model';
import { diagnostic } from './spec-model';

const PROPERTY = /^property\s+(\d+)\s*(?:[:：.\-–—]\s*(.*))?$/i;
const VALIDATES = /validates?\s*[:：]/i;

/**
 * Parses design.md: its section headings, and the correctness properties (`### Property N: name`, or the same
 * as a bold line) with their `*For any*` statement and the requirement ids they validate.
 */
export function parseDesign(source: string, file = 'design.md'): DesignDocument {
  const sections: DesignSection[] = [];
  const properties: CorrectnessProperty[] = [];
  const diagnostics: SpecDiagnostic[] = [];
  let property: CorrectnessProperty | null = null;

  const startProperty = (number: number, name: string, line: number) => {
    if (properties.some((p) => p.number === number)) {
      diagnostics.push(
        diagnostic(
          file,
          line,
          'warning',
          'duplicate-property',
          `property ${number} is defined twice; tasks citing it are ambiguous`,
        ),
      );
    }
    property = {
      number,
      name: name.replace(/\*+$/, '').trim(),
      statement: '',
      validates: [],
      line,
      validatesLine: line,
    };
    properties.push(property);
  };

  for (const { number, text } of proseLines(source)) {
    const h = heading(text);
    if (h) {
      property = null;
      sections.push({ level: h.level, title: h.text, line: number });
      const p = PROPERTY.exec(h.text);
      if (p) startProperty(Number(p[1]), p[2] ?? '', number);
      continue;
    }
    const trimmed = text.trim();
    if (!trimmed) continue;
    const bold = /^(?:[-*][ \t]+)?\*\*(property\s+\d+[^*]*)\*\*/i.exec(trimmed);
    const boldProperty = bold ? PROPERTY.exec(bold[1].trim()) : null;
    if (boldProperty) {
      startProperty(Number(boldProperty[1]), boldProperty[2] ?? '', number);
      continue;
    }
    const current = property as CorrectnessProperty | null;
    if (!current) continue;
    const validates = VALIDATES.exec(trimmed);
    if (validates) {
      const value = trimmed.slice(validates.index + validates[0].length).replace(/[*_]+/g, ' ');
      current.validates.push(...(parseIdList(value) ?? []));
      current.validatesLine = number;
      continue;
    }
    if (!current.statement) current.statement = trimmed;
  }
  return { file, source, sections, properties, diagnostics };
}
