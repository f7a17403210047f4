/** Small statistics helpers shared by the benchmark scripts. */
import { availableParallelism, cpus, totalmem } from 'node:os';

/** The p-th percentile (nearest rank) of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Machine and runtime, for the header of a report. */
export function machineLine(): string {
  return `${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}`;
}
