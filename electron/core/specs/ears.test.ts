import { describe, expect, it } from 'vitest';
import { classifyEars, lintEars, suggestEars } from './ears';

describe('classifyEars', () => {
  it.each([
    // 2026 glossary dialect
    ['THE Export_Service SHALL encode files as UTF-8.', 'ubiquitous'],
    ['WHEN the user clicks Export, THE Export_Service SHALL open a save dialog.', 'event-driven'],
    ['WHILE an export runs, THE Todo_List SHALL disable the Export button.', 'state-driven'],
    ['IF the disk is full, THEN THE Export_Service SHALL delete the partial file.', 'unwanted-behaviour'],
    ['WHERE cloud sync is enabled, THE Export_Service SHALL offer "Export to cloud".', 'optional-feature'],
    ['WHILE offline, WHEN the user exports to cloud, THE Export_Service SHALL queue the export.', 'complex'],
    // 2025 dialect
    ['The system SHALL keep the last folder', 'ubiquitous'],
    ['WHEN the user clicks Export THEN the system SHALL open a save dialog', 'event-driven'],
    ['WHILE an export runs THEN the system SHALL disable the button', 'state-driven'],
    ['IF the disk is full THEN the system SHALL delete the partial file', 'unwanted-behaviour'],
    ['WHERE sync is on the system SHALL offer cloud export', 'optional-feature'],
    ['WHEN the user exports AND the list is empty THEN the system SHALL show a hint', 'complex'],
    // keywords are matched case-insensitively at the start; a lower-case "and" in prose is not a clause
    ['When the user saves, the system shall write the file', 'event-driven'],
    ['WHEN the user exports rows and columns THEN the system SHALL write both', 'event-driven'],
    ['WHEN エクスポートが始まる, THE Export_Service SHALL 進捗バーを表示する', 'event-driven'],
    // not EARS
    ['Exports must finish within two seconds', null],
    ['WENN der Ordner schreibgeschützt ist, zeigt das System einen Fehler.', null],
  ] as const)('%s -> %s', (text, pattern) => {
    expect(classifyEars(text)).toBe(pattern);
  });
});

describe('lintEars', () => {
  const lint = (text: string, options?: Parameters<typeof lintEars>[2]) =>
    lintEars({ id: '1.1', text, line: 7 }, 'requirements.md', options);

  it('says nothing about a well-formed criterion', () => {
    expect(
      lint('IF the disk is full, THEN THE Export_Service SHALL delete the partial file.', {
        glossary: new Set(['Export_Service']),
      }),
    ).toEqual([]);
  });

  it('flags a non-EARS criterion as a warning with a rewrite built from its words', () => {
    expect(lint('Exports must finish within two seconds')).toEqual([
      {
        file: 'requirements.md',
        line: 7,
        severity: 'warning',
        code: 'ears-non-ears',
        message:
          'criterion 1.1 follows no EARS pattern; rewrite as, e.g.: "THE Exports SHALL finish within two seconds"',
      },
    ]);
    expect(lint('The export shows a progress bar')[0].message).toContain('"THE export SHALL show a progress bar"');
  });

  it('flags a missing SHALL and an IF without THEN, suggesting the EARS form', () => {
    expect(lint('WHEN the user presses Escape, the dialog will close')).toEqual([
      expect.objectContaining({
        code: 'ears-missing-shall',
        message: 'criterion 1.1 has no SHALL; rewrite as, e.g.: "WHEN the user presses Escape, THE dialog SHALL close"',
      }),
    ]);
    expect(lint('IF the file exists the system SHALL ask first')).toEqual([
      expect.objectContaining({ code: 'ears-if-without-then', severity: 'warning' }),
    ]);
    expect(suggestEars('IF the file exists, the system will ask first')).toBe(
      'IF the file exists, THEN THE system SHALL ask first',
    );
  });

  it('flags a subject the glossary does not define, only when there is a glossary', () => {
    expect(lint('THE Export_Servce SHALL log each export.', { glossary: new Set(['Export_Service']) })).toEqual([
      expect.objectContaining({
        code: 'ears-undefined-term',
        message: 'criterion 1.1 names Export_Servce, which the glossary does not define',
      }),
    ]);
    expect(lint('THE Export_Servce SHALL log each export.')).toEqual([]);
  });

  it('does not ask a bugfix defect clause for SHALL', () => {
    expect(lint('WHEN a title has an emoji THEN the system writes "?"', { defect: true })).toEqual([]);
    expect(lint('WHEN a title has an emoji THEN the system writes "?"')).toHaveLength(1);
  });
});
