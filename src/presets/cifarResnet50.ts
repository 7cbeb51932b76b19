import type { TrainingJobBuilder } from '../builder/TrainingJobBuilder';
import type { PresetOptions } from './PresetOptions';
import { basePreset } from './basePreset';

/**
 * The seed's ResNet50 on CIFAR. The container downloads CIFAR itself (no input channel) and
 * writes its training log as a `.txt` file under `<outputPath>/<job name>/` in S3, so read the
 * log with `logSourceForJob(clients, jobName)` (it finds the S3 text log). Defaults: ml.p3.8xlarge
 * (4 x V100), one instance, 16 GB volume, File mode, MaxRuntime 3600 s. Hyperparameters
 * `batch-size` and `epochs` when given. With the seed's values it builds exactly the request of
 * the seed's `aws sagemaker create-training-job` command.
 *
 * @example
 * ```ts
 * const request = cifarResnet50({ image, role, outputPath: 's3://fcncloudml/', batchSize: 512, epochs: 5 })
 *   .name('resnet50-p3-gpu4-b512-e2')
 *   .build();
 * ```
 */
export function cifarResnet50(options: PresetOptions): TrainingJobBuilder {
  return basePreset(options, 'ml.p3.8xlarge');
}
