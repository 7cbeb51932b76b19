import { describe, expect, it } from 'vitest';
import { isNotFound } from '../../../src/jobs/internal/isNotFound';
import { serviceError } from '../fixtures';

describe('isNotFound', () => {
  it.each([
    'Requested resource not found.',
    "Could not find training job 'arn:aws:sagemaker:us-east-1:123456789012:training-job/x'.",
    'Training job x does not exist.',
  ])('recognises the ValidationException wording %j', (message) => {
    expect(isNotFound(serviceError('ValidationException', message))).toBe(true);
  });

  it('recognises a ResourceNotFound error whatever its message', () => {
    expect(isNotFound(serviceError('ResourceNotFound', 'Nothing'))).toBe(true);
  });

  it.each([
    "1 validation error detected: Value 'a_b' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern",
    'The request was rejected because the training job is in status Completed.',
    'Could not assume role arn:aws:iam::123456789012:role/x',
    'S3 bucket does not exist',
  ])('does not treat the ValidationException %j as not-found', (message) => {
    expect(isNotFound(serviceError('ValidationException', message))).toBe(false);
  });

  it('does not treat other error shapes with a not-found sounding message as not-found', () => {
    expect(isNotFound(serviceError('AccessDeniedException', 'Requested resource not found.'))).toBe(false);
  });
});
