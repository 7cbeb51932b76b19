/**
 * Names the docs' code blocks use without defining them, as a reader would have them in a
 * script or notebook. Only for `npm run check:docs`.
 */
import type { Clients, SweepPlan, TrainingJobBuilder } from '../src/index';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';

declare global {
  const clients: Clients;
  const client: SageMakerClient;
  const builder: TrainingJobBuilder;
  const plan: SweepPlan;
  const image: string;
  const role: string;
  const outputPath: string;
  const previous: import('@aws-sdk/client-sagemaker').CreateTrainingJobCommandInput;
}
