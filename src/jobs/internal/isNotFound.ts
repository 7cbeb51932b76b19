import { errorMessage, errorName } from '../../internal/awsErrorInfo';

/**
 * How implementations of the SageMaker API word "no such job" inside a ValidationException:
 * the service says "Requested resource not found.", moto says "Could not find training job '...'",
 * others say "... does not exist". Only these wordings count: a ValidationException about
 * anything else (a malformed name, a bad parameter) is not a missing job.
 */
const NOT_FOUND_WORDING = /requested resource not found|could not find (?:the )?training job|training job .* (?:does not exist|not found)|resource not found/i;

/**
 * Whether an error from DescribeTrainingJob / StopTrainingJob means the job does not exist.
 * Internal.
 */
export function isNotFound(error: unknown): boolean {
  const name = errorName(error);
  if (name === 'ResourceNotFound' || name === 'ResourceNotFoundException') return true;
  if (name !== 'ValidationException' && name !== 'ValidationError') return false;
  return NOT_FOUND_WORDING.test(errorMessage(error));
}
