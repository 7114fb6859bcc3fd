import fs from 'node:fs';

const SAMPLE_MS = 250;
/** Under this much CPU per sample (4%), the process counts as idle. */
const QUIET_CPU_MS = 10;
const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time the process (all its threads) has used, from /proc; null where there is no /proc. */
function cpuMs(pid: number): number | null {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Wait until a process has been idle for two samples in a row, so work that outlives what the page
 * shows (e.g. a file watcher's initial crawl) neither overlaps the next measurement nor is cut short.
 * Gives up quietly after `timeoutMs`; without /proc it just waits a few seconds.
 */
export async function waitUntilQuiet(pid: number, timeoutMs = 30_000): Promise<void> {
  let last = cpuMs(pid);
  if (last === null) return sleep(5_000);
  let quietSamples = 0;
  for (const end = Date.now() + timeoutMs; quietSamples < 2 && Date.now() < end;) {
    await sleep(SAMPLE_MS);
    const now = cpuMs(pid);
    if (now === null) return;
    quietSamples = now - last < QUIET_CPU_MS ? quietSamples + 1 : 0;
    last = now;
  }
}
