import { ROOT_SHAPE, SHAPES } from '../generated/createTrainingJobModel';

/**
 * A copy of `value` with the members of every structure in the API model's order (the order of
 * the AWS docs and of `aws sagemaker create-training-job help`), members the model does not know
 * last, in their own order. Lists keep their order; map entries keep theirs. Internal.
 */
export function canonicalOrder<T>(value: T, shapeName: string = ROOT_SHAPE): T {
  const shape = SHAPES[shapeName];
  if (shape === undefined || value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) {
    return (shape.type === 'list' && shape.member ? value.map((v) => canonicalOrder(v, shape.member!)) : value) as T;
  }
  const record = value as Record<string, unknown>;
  if (shape.type === 'map') {
    if (!shape.value) return value;
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, canonicalOrder(v, shape.value!)])) as T;
  }
  if (shape.type !== 'structure' || !shape.members) return value;
  const out: Record<string, unknown> = {};
  for (const [member, memberShape] of Object.entries(shape.members)) {
    if (member in record) out[member] = canonicalOrder(record[member], memberShape);
  }
  for (const [k, v] of Object.entries(record)) if (!(k in out)) out[k] = v;
  return out as T;
}
