import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inheritableDescriptors } from './inherited-descriptors';

describe.skipIf(process.platform !== 'linux')('inherited descriptors (skipped off Linux: /proc/self/fdinfo)', () => {
  // Closing is exercised end to end (e2e/adversarial/sandbox-doors.e2e.ts): here it would close the test runner's own.
  it('never lists a descriptor Node opened itself (close-on-exec), nor 0, 1 and 2', () => {
    const fd = fs.openSync('/proc/self/status', 'r');
    try {
      const listed = inheritableDescriptors();
      expect(listed).not.toContain(fd);
      expect(listed.filter((n) => n < 3)).toEqual([]);
    } finally {
      fs.closeSync(fd);
    }
  });
});
