import { ExpectedFailure } from '../errors/expected-failure';

/**
 * A config problem a person must fix. The message is one line that names where the problem is
 * (`file:line: key: …` or `-c key: …`) and never echoes secret values.
 */
export class ConfigError extends ExpectedFailure {
  override readonly name = 'ConfigError';
  declare readonly code: 'config';
  /** Every problem found, first one in `message`; most loads stop at one. */
  readonly problems: string[];

  constructor(problems: string | string[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    const more = list.length > 1 ? ` (and ${list.length - 1} more problem${list.length > 2 ? 's' : ''})` : '';
    super('config', `${list[0] ?? 'invalid config'}${more}`);
    this.problems = list;
  }
}
