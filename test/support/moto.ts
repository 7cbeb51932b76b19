/**
 * moto for the repository's own tests: the shipped helper of `sagemaker-bench/testing`
 * (src/testing), re-exported so existing imports keep working.
 */
export { motoAvailable, startMoto, type MotoAvailability, type MotoServer, type StartMotoOptions } from '../../src/testing/index';
