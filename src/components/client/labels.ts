/** Display names shared by build-time components and client scripts. */
import type { MetricName } from '../../lib/schema';

export const METRIC_LABELS: Record<MetricName, string> = {
  trainLoss: 'train loss',
  testLoss: 'test loss',
  trainAccuracy: 'train accuracy',
  testAccuracy: 'test accuracy',
};
