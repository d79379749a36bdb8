/** A benchmark measures variants of one workload in the same run; rows carry ratios against a named baseline. */
export interface BenchRow {
  benchmark: string;
  variant: string;
  value: number;
  unit: string;
  /** value / baseline value (higher is better for throughputs). */
  ratio?: number;
  baseline?: string;
  details?: Record<string, string | number | boolean>;
}

export interface Benchmark {
  name: string;
  run(options: { quick: boolean }): Promise<BenchRow[]>;
}
