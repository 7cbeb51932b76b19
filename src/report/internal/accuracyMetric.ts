/**
 * Which metric of a log is "the accuracy". Internal.
 *
 * @module
 */

/**
 * The names looked for, in order: validation accuracy first (what a benchmark reports), then
 * training accuracy, as Keras, PyTorch scripts, Lightning and Hugging Face print them.
 */
export const ACCURACY_METRICS: readonly string[] = [
  'val_accuracy',
  'val_acc',
  'eval_accuracy',
  'val_sparse_categorical_accuracy',
  'val_categorical_accuracy',
  'test_accuracy',
  'accuracy',
  'acc',
  'sparse_categorical_accuracy',
  'categorical_accuracy',
  'train_accuracy',
];

/** The first of `names` (default {@link ACCURACY_METRICS}) that `metrics` has, with its value. */
export function accuracyOf(
  metrics: Readonly<Record<string, number>> | undefined,
  names: readonly string[] = ACCURACY_METRICS,
): { metric: string; value: number } | undefined {
  if (metrics === undefined) return undefined;
  for (const name of names) {
    if (Object.hasOwn(metrics, name) && typeof metrics[name] === 'number') return { metric: name, value: metrics[name] };
  }
  return undefined;
}
