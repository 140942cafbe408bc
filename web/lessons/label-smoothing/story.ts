/**
 * Loss vs accuracy: the Model A / Model B story. Two constructed binary classifiers on the same
 * 10 examples (labels alternate 0, 1). Both get 9 right. A is 99% sure when right and only 55%
 * sure of the wrong class when wrong; B is barely right (51%) and 95% sure when wrong. The logits
 * are log-odds of those probabilities; the core computes every loss and metric from them.
 */
import type { AsyncLossLab } from 'loss-lab';
import { CE } from './gaps';
import { softmaxByCore, summarise } from './data';

export interface StoryModel {
  name: 'A' | 'B';
  /** the probability each model gives the true class, per example */
  trueClassProbability: number[];
  perExample: Float64Array;
  crossEntropy: number;
  accuracy: number;
  ece: number;
}

/** Two-class logits giving each example's true class the probability q: log-odds log(q/(1 − q)) for it, 0 for the other; labels alternate 0, 1. */
export function storyLogits(trueClassProbability: readonly number[]): { logits: Float64Array; labels: Float64Array } {
  const n = trueClassProbability.length;
  const labels = Float64Array.from({ length: n }, (_, i) => i % 2);
  const logits = new Float64Array(2 * n);
  trueClassProbability.forEach((q, i) => { logits[2 * i + labels[i]] = Math.log(q / (1 - q)); });
  return { logits, labels };
}

async function build(engine: AsyncLossLab, name: 'A' | 'B', right: number, wrongTrue: number): Promise<StoryModel> {
  const trueClassProbability = [...Array<number>(9).fill(right), wrongTrue];
  const { logits, labels } = storyLogits(trueClassProbability);
  const [perExample, crossEntropy, probabilities] = await Promise.all([
    engine.loss(CE, logits, labels, { classes: 2, reduction: 'none' }).then((r) => r.value as Float64Array),
    engine.loss(CE, logits, labels, { classes: 2 }).then((r) => r.value as number),
    softmaxByCore(engine, logits, 2),
  ]);
  const [multiclass, summary] = await Promise.all([
    engine.metrics.multiclass(probabilities, labels, 2),
    summarise(engine, probabilities, labels, 2, logits),
  ]);
  return { name, trueClassProbability, perExample, crossEntropy, accuracy: multiclass.accuracy, ece: summary.ece };
}

export function modelStory(engine: AsyncLossLab): Promise<StoryModel[]> {
  return Promise.all([build(engine, 'A', 0.99, 0.45), build(engine, 'B', 0.51, 0.05)]);
}
