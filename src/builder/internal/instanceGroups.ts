/**
 * The instances a training job runs on: one type and count, or heterogeneous instance groups.
 * Internal.
 *
 * @module
 */
import type { ResourceConfig } from '@aws-sdk/client-sagemaker';

export interface InstanceGroup {
  instanceType: string | undefined;
  instanceCount: number;
}

/**
 * The job's instance groups (one group for a plain ResourceConfig). A described job that was
 * created with InstancePreferences is billed for the type and count SageMaker selected
 * (SelectedInstanceType, SelectedInstanceCount), which is then its one group.
 */
export function instanceGroupsOf(config: ResourceConfig | undefined): InstanceGroup[] {
  if (typeof config?.SelectedInstanceType === 'string' && config.SelectedInstanceType.trim() !== '') {
    return [{ instanceType: config.SelectedInstanceType, instanceCount: countOf(config.SelectedInstanceCount ?? config.InstanceCount) }];
  }
  const groups = config?.InstanceGroups;
  if (groups !== undefined && groups.length > 0) {
    return groups.map((g) => ({ instanceType: g.InstanceType, instanceCount: countOf(g.InstanceCount) }));
  }
  return [{ instanceType: config?.InstanceType, instanceCount: countOf(config?.InstanceCount) }];
}

function countOf(count: number | undefined): number {
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : 1;
}

/**
 * The job's instances in one line: the first group's type (the only one, usually) and every
 * group's instances together, as job names and sweep cells show them.
 */
export function instancesOf(config: ResourceConfig | undefined): { instanceType: string | undefined; instanceCount: number } {
  const groups = instanceGroupsOf(config);
  return { instanceType: groups[0]?.instanceType, instanceCount: groups.reduce((n, g) => n + g.instanceCount, 0) };
}

/** `ml.p3.2xlarge`, or `ml.p3.2xlarge+ml.c5.xlarge` for several groups. */
export function describeGroups(groups: readonly InstanceGroup[]): string {
  return [...new Set(groups.map((g) => g.instanceType ?? '(no instance type)'))].join('+');
}
