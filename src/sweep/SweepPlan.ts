/**
 * The shapes of a planned sweep: its cells, its jobs and the plan. Types only.
 *
 * @module
 */
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import type { CostEstimate } from '../cost/estimateTrainingCost';
import type { ValidationIssue } from '../errors';

/**
 * One point of a sweep's matrix, and which repeat of it: what a job of the sweep varies.
 * `hyperParameters` holds only the hyperparameter axes' values (as strings, as SageMaker takes
 * them); batch size and epochs have fields of their own.
 */
export interface SweepCell {
  /** The cell's instance type. */
  instanceType: string;
  /** The cell's instance count. */
  instanceCount: number;
  /** The cell's batch size, when the sweep sets one. */
  batchSize?: number;
  /** The cell's epochs, when the sweep sets them. */
  epochs?: number;
  /** The values of the matrix's hyperparameter axes, as SageMaker takes them (strings). */
  hyperParameters: Record<string, string>;
  /** 1 to `repeats`. */
  repeat: number;
}

/** One job of a plan: its name, its cell, the request it sends and what it may cost. */
export interface SweepJob {
  /** The job's name: the sweep's name, the cell and the repeat. */
  jobName: string;
  /** The cell and repeat the job runs. */
  cell: SweepCell;
  /** The CreateTrainingJob request the job sends. */
  request: CreateTrainingJobCommandInput;
  /** What the job may cost. */
  cost: CostEstimate;
}

/** A validation issue of one of the plan's jobs. */
export interface SweepIssue extends ValidationIssue {
  /** The job the issue is in. */
  jobName: string;
}

/** What {@link defineSweep} returns: every job of the sweep, named, validated and priced. Frozen. */
export interface SweepPlan {
  /** The sweep's id: part of every job name, and what a journal is matched by. */
  name: string;
  /** The model, as given (`resnet50`, `cnn`, `fcn`). */
  model: string;
  /** The jobs in matrix order (repeat 1 of every cell, then repeat 2, ...). */
  jobs: SweepJob[];
  /** Every problem with every job (errors and warnings); a plan with an error cannot run. */
  issues: SweepIssue[];
  /** The worst case of the whole sweep in USD; undefined when a job has no price. */
  maxUsd?: number;
  /** The region the costs were estimated for. */
  region: string;
  /** The start every job name shares (`<sweep>-`): what the sweep's ListTrainingJobs filter on. */
  namePrefix: string;
}
