import type { Table } from "./markdown.ts";

export interface BenchOptions {
  // A short smoke run: fewer samples, results kept out of latest.md.
  quick: boolean;
  // Concurrency levels a load suite steps through.
  concurrency: number[];
  // Measurement window and warm-up of each load step.
  durationMs: number;
  warmupMs: number;
}

export interface SuiteContext {
  options: BenchOptions;
  // Progress goes to stderr, so stdout carries only the results.
  progress: (message: string) => void;
}

export interface SuiteReport {
  tables: Table[];
  // Observations computed from this run's figures (errors seen, ratios worth reading).
  notes: string[];
  // The raw figures, kept in the JSON results for later comparison.
  data: unknown;
}

export interface Suite {
  name: string;
  description: string;
  run: (context: SuiteContext) => Promise<SuiteReport>;
}
