/** One measured figure: the median of its runs, and how it stands against its goal. */
export interface Figure {
  label: string;
  /** Median wall time in milliseconds (or the median in `unit`). */
  ms: number;
  /** What `ms` and `runs` measure when not milliseconds, e.g. 'MB'. */
  unit?: string;
  /** Every run, so noise is visible next to the median. */
  runs: number[];
  goal: string;
  /** Against the benchmark's baseline (e.g. git's own time); absent for the baseline itself. */
  ratio?: number;
  /** Absent when the figure has no goal of its own (a baseline). */
  pass?: boolean;
}

export interface BenchResult {
  figures: Figure[];
  notes: string[];
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchResult>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = (n: number, unit = 'ms') => `${n.toFixed(1)} ${unit}`;

export function printResult(name: string, result: BenchResult): void {
  const rows = [
    ['figure', 'median', 'goal', 'ratio', 'result', 'runs'],
    ...result.figures.map((f) => [
      f.label,
      ms(f.ms, f.unit),
      f.goal,
      f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}x`,
      f.pass === undefined ? '' : f.pass ? 'PASS' : 'MISS',
      f.runs.map((r) => r.toFixed(0)).join(' '),
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  console.log(`\n${name}\n`);
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
  for (const note of result.notes) console.log(`\n${note}`);
}
