/** A model's parameters as tf.Variables initialized from a seed (trainable ones marked so), for the training benches. */
import { tf } from '../tf.js';
import { toTensors, trainableIndices, type Model } from '../models/params.js';

export function modelVariables(model: Model, seed: number): { params: tf.Variable[]; trainParams: tf.Variable[] } {
  const trainable = new Set(trainableIndices(model.specs));
  const params = toTensors(model.specs, model.init(seed)).map((t, i) => {
    const v = tf.variable(t, trainable.has(i));
    t.dispose();
    return v;
  });
  return { params, trainParams: params.filter((_, i) => trainable.has(i)) };
}
