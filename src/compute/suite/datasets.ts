/**
 * The data sets experiments can name, where their files are, and their content hashes (results are checked against
 * the hash when the files are present). Loading happens once per run and data set.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Split } from '../data/dataset.js';
import { FASHION_MNIST_FILES, hashFiles, loadFashionMnist } from '../data/fashionMnist.js';
import { CIFAR10_TEST_FILE, CIFAR10_TRAIN_FILES, loadCifar10 } from '../data/cifar10.js';

export const DATASETS = ['fashion-mnist', 'cifar10'] as const;
export type DatasetName = (typeof DATASETS)[number];

export const DATASET_TITLES: Record<DatasetName, string> = { 'fashion-mnist': 'Fashion-MNIST', cifar10: 'CIFAR-10' };

/** Where each data set's files are; cifar10 only when the user has it. */
export type DataDirs = { 'fashion-mnist': string; cifar10?: string };

const FILES: Record<DatasetName, string[]> = {
  'fashion-mnist': Object.values(FASHION_MNIST_FILES),
  cifar10: [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE],
};

export function datasetPresent(name: DatasetName, dirs: DataDirs): boolean {
  const dir = dirs[name];
  return dir !== undefined && FILES[name].every((f) => existsSync(path.join(dir, f)));
}

/** The sha256 over the data set's files in a fixed order (the same digest its loader records), or undefined when absent. */
export function dataShaIfPresent(name: DatasetName, dirs: DataDirs): string | undefined {
  return datasetPresent(name, dirs) ? hashFiles(dirs[name]!, FILES[name]) : undefined;
}

export function makeDataLoaders(dirs: DataDirs): (name?: DatasetName) => Split {
  const cache = new Map<DatasetName, Split>();
  return (name = 'fashion-mnist') => {
    const hit = cache.get(name);
    if (hit) return hit;
    const dir = dirs[name];
    if (dir === undefined) throw new Error(`data set ${name}: no folder given (pass --cifar DIR or set CIFAR10_DIR)`);
    const split = name === 'cifar10' ? loadCifar10(dir) : loadFashionMnist(dir);
    cache.set(name, split);
    return split;
  };
}
