/**
 * The fault proxy for the repository's own tests: the shipped helper of
 * `sagemaker-bench/testing` (src/testing), re-exported so existing imports keep working, plus
 * `operationOf` (internal there) for the proxy's own tests.
 */
export {
  faultMix,
  startFaultProxy,
  tenPercentFaults,
  type FaultInfo,
  type FaultKind,
  type FaultProxy,
  type FaultProxyOptions,
  type FaultProxyStats,
  type FaultRule,
  type QuotaRule,
} from '../../src/testing/index';
export { operationOf } from '../../src/testing/internal/operationOf';
