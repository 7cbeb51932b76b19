import { TrainingJobBuilder } from '../builder/TrainingJobBuilder';
import type { PresetOptions } from './PresetOptions';

/** The seed's common settings, shared by the three presets. Internal. */
export function basePreset(options: PresetOptions, defaultInstanceType: string): TrainingJobBuilder {
  if (options === null || typeof options !== 'object') throw new TypeError('A preset expects an options object');
  const hyper: Record<string, number> = {};
  if (options.batchSize !== undefined) hyper['batch-size'] = options.batchSize;
  if (options.epochs !== undefined) hyper['epochs'] = options.epochs;
  let builder = new TrainingJobBuilder()
    .image(options.image)
    .inputMode('File')
    .role(options.role)
    .outputPath(options.outputPath)
    .instance(options.instanceType ?? defaultInstanceType, {
      count: options.instanceCount ?? 1,
      volumeSizeInGB: options.volumeSizeInGB ?? 16,
    })
    .maxRuntime(options.maxRuntimeSeconds ?? 3600);
  if (Object.keys(hyper).length > 0) builder = builder.hyperParameters(hyper);
  if (options.name !== undefined) builder = builder.name(options.name);
  return builder;
}
