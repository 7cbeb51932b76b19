export { cifarResnet50 } from './cifarResnet50';
export { mnistCnn } from './mnistCnn';
export { seismicFcn, type SeismicFcnOptions } from './seismicFcn';
export type { PresetOptions } from './PresetOptions';
