/**
 * Fake static credentials for the local servers (moto, the fault proxy, the timeline endpoint):
 * the shipped `fakeCredentials` of `sagemaker-bench/testing`, re-exported.
 */
export { fakeCredentials } from '../../src/testing/fakeCredentials';
