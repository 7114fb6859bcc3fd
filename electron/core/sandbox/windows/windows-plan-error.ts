import { ExpectedFailure } from '../../errors/expected-failure';

/** The one error the Windows plan throws: a policy or option it cannot turn into a plan (bad path, full access, proxy off loopback). */
export class WindowsPlanError extends ExpectedFailure {
  constructor(message: string) {
    super('windows-plan', message);
    this.name = 'WindowsPlanError';
  }
}
