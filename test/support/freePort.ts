/** A free TCP port on 127.0.0.1: the helper `sagemaker-bench/testing` uses (internal there), re-exported for the tests' own servers. */
export { freePort } from '../../src/testing/internal/freePort';
