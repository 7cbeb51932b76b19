import { errorName } from '../../internal/awsErrorInfo';

/** A catch handler that swallows the errors of the given names (an "already exists"), rethrowing the rest. Internal. */
export function ignore(...names: string[]): (error: unknown) => undefined {
  return (error: unknown) => {
    if (names.includes(errorName(error))) return undefined;
    throw error;
  };
}
