/**
 * Deterministic sharding for job arrays: experiment k (in id order) belongs to shard k mod N, so every shard of a
 * Slurm array or a Kubernetes Indexed Job computes a disjoint part and `compute merge` joins them.
 */
import type { Experiment } from './config.js';

export interface Shard {
  index: number;
  count: number;
}

/**
 * `--shard i/N`, or `--shard N` with the index from SLURM_ARRAY_TASK_ID (minus SLURM_ARRAY_TASK_MIN) or
 * JOB_COMPLETION_INDEX. Throws a message naming what is wrong.
 */
export function parseShard(text: string, env: Record<string, string | undefined> = process.env): Shard {
  const m = /^(?:(\d+)\/)?(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`--shard: '${text}' is not i/N or N (e.g. 0/4, or 4 with the index from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)`);
  const count = Number(m[2]);
  let index: number;
  if (m[1] !== undefined) index = Number(m[1]);
  else if (env.SLURM_ARRAY_TASK_ID !== undefined) index = Number(env.SLURM_ARRAY_TASK_ID) - Number(env.SLURM_ARRAY_TASK_MIN ?? 0);
  else if (env.JOB_COMPLETION_INDEX !== undefined) index = Number(env.JOB_COMPLETION_INDEX);
  else throw new Error(`--shard ${text}: no shard index given and neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set`);
  if (!(count >= 1) || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new Error(`--shard: index ${index} is not in 0..${count - 1}`);
  }
  return { index, count };
}

export function shardOf(experiments: Experiment[], { index, count }: Shard): Experiment[] {
  return [...experiments].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).filter((_, k) => k % count === index);
}
