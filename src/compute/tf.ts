/**
 * The one place the compute step imports TensorFlow.js from.
 *
 * tfjs-core's package entry registers neither gradients nor the chained tensor methods; both live in side-effect
 * modules that only a bundler can resolve (their ESM uses extensionless directory imports). The compute step is
 * therefore always run bundled (scripts/run.mjs, vitest inlining, ../shared/gpu/stage.sh).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export { tf };
export type Tensor = tf.Tensor;

// PROD silences tfjs's console advice (e.g. "install tfjs-node") that would interleave with the progress output.
tf.env().set('PROD', true);
