/**
 * Learning-rate schedules as pure functions of (fractional) epoch, so a schedule is plain data in a config.
 * step: PyTorch's MultiStepLR (×gamma at each milestone epoch, the paper's SGD setting);
 * cosine: lr·(1 + cos(π·t/T))/2 over the whole run, evaluated per optimizer step.
 */
export type Schedule =
  | { kind: 'constant' }
  | { kind: 'step'; milestones: number[]; gamma: number }
  | { kind: 'cosine'; minLr?: number };

/** The learning rate at `epoch` (epoch + fraction of an epoch done) of a run of `epochs` epochs. */
export function scheduledLr(lr: number, schedule: Schedule, epoch: number, epochs: number): number {
  switch (schedule.kind) {
    case 'constant':
      return lr;
    case 'step':
      return lr * schedule.gamma ** schedule.milestones.filter((m) => Math.floor(epoch) >= m).length;
    case 'cosine': {
      const minLr = schedule.minLr ?? 0;
      const t = Math.min(Math.max(epoch / epochs, 0), 1);
      return minLr + ((lr - minLr) * (1 + Math.cos(Math.PI * t))) / 2;
    }
  }
}
