import { describe, expect, it } from 'vitest';
import { instanceCatalog } from '../../src/builder/instanceCatalog';
import { BUILT_IN_PRICES_AS_OF, UNPRICED_INSTANCE_TYPES, builtInTrainingPrices } from '../../src/cost/builtInTrainingPrices';
import type { InstancePrice } from '../../src/cost/PriceCatalog';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

const usEast1 = builtInTrainingPrices.regions['us-east-1'] ?? {};
const pricedTypes = Object.keys(usEast1);
const priced: InstancePrice[] = Object.values(usEast1);
const catalogTypes = Object.keys(instanceCatalog);

function priceOf(type: string): number | undefined {
  return usEast1[type]?.usdPerHour;
}

describe('builtInTrainingPrices', () => {
  it('holds prices for us-east-1 only', () => {
    expect(Object.keys(builtInTrainingPrices.regions)).toEqual(['us-east-1']);
    expect(pricedTypes.length).toBeGreaterThan(0);
  });

  it('prices only instance types that the instance catalog lists', () => {
    const notCatalogued = pricedTypes.filter((type) => !Object.hasOwn(instanceCatalog, type));
    expect(notCatalogued).toEqual([]);
  });

  it('accounts for every catalogued type exactly once: priced, or listed as unpriced, never both', () => {
    const unpriced = new Set(UNPRICED_INSTANCE_TYPES);
    const neither = catalogTypes.filter((type) => !Object.hasOwn(usEast1, type) && !unpriced.has(type));
    const both = catalogTypes.filter((type) => Object.hasOwn(usEast1, type) && unpriced.has(type));
    expect(neither).toEqual([]);
    expect(both).toEqual([]);
    expect(pricedTypes.length + UNPRICED_INSTANCE_TYPES.length).toBe(catalogTypes.length);
  });

  it('lists as unpriced only catalogued types, each once', () => {
    const notCatalogued = UNPRICED_INSTANCE_TYPES.filter((type) => !Object.hasOwn(instanceCatalog, type));
    expect(notCatalogued).toEqual([]);
    expect(new Set(UNPRICED_INSTANCE_TYPES).size).toBe(UNPRICED_INSTANCE_TYPES.length);
  });

  it('gives every price a positive finite rate, a source, and an ISO asOf no later than the table itself', () => {
    for (const price of priced) {
      expect(Number.isFinite(price.usdPerHour), price.instanceType).toBe(true);
      expect(price.usdPerHour, price.instanceType).toBeGreaterThan(0);
      expect(price.source.trim().length, price.instanceType).toBeGreaterThan(10);
      expect(isIsoDate(price.asOf), `${price.instanceType} asOf ${price.asOf}`).toBe(true);
      expect(price.asOf <= BUILT_IN_PRICES_AS_OF, price.instanceType).toBe(true);
    }
  });

  it('dates the table itself with an ISO date', () => {
    expect(isIsoDate(BUILT_IN_PRICES_AS_OF)).toBe(true);
  });

  it('keys every entry by its own instance type and region', () => {
    for (const [type, price] of Object.entries(usEast1)) {
      expect(price.instanceType).toBe(type);
      expect(price.region).toBe('us-east-1');
    }
  });

  it('has the widely published training anchors for ml.p3 and ml.m5.large', () => {
    expect(priceOf('ml.p3.2xlarge')).toBe(3.825);
    expect(priceOf('ml.p3.8xlarge')).toBe(14.688);
    expect(priceOf('ml.p3.16xlarge')).toBe(28.152);
    expect(priceOf('ml.m5.large')).toBe(0.115);
  });

  it('uses the current g4dn training rates, not the ones from before the October 2020 cut', () => {
    // Pre-cut rates (1.053, 1.686, 3.046, 5.477, 6.093) survive in some tables; the page shows these.
    expect(priceOf('ml.g4dn.xlarge')).toBe(0.7364);
    expect(priceOf('ml.g4dn.2xlarge')).toBe(0.94);
    expect(priceOf('ml.g4dn.16xlarge')).toBe(5.44);
  });

  it('gives no P4d, P4de or P5 price, since no current training rate after the 2025 GPU price cut was found', () => {
    for (const type of ['ml.p4d.24xlarge', 'ml.p4de.24xlarge', 'ml.p5.48xlarge']) {
      expect(priceOf(type), type).toBeUndefined();
      expect(UNPRICED_INSTANCE_TYPES).toContain(type);
    }
  });

  it('prices a bigger size of a family higher than a smaller one', () => {
    // A real property of the published tables for the priced families (p2, p3, g4dn): ordered by
    // vCPUs, each size costs more than the one before. No priced family has an exception. (The
    // unpriced G5, G6 and G6e tables do: their 4-GPU 12xlarge costs more than the 1-GPU 16xlarge.)
    const byFamily = new Map<string, { type: string; vCpus: number; usdPerHour: number }[]>();
    for (const price of priced) {
      const spec = instanceCatalog[price.instanceType];
      expect(spec, price.instanceType).toBeDefined();
      if (!spec) continue;
      const sizes = byFamily.get(spec.family) ?? [];
      sizes.push({ type: price.instanceType, vCpus: spec.vCpus, usdPerHour: price.usdPerHour });
      byFamily.set(spec.family, sizes);
    }
    const multiSize = [...byFamily.values()].filter((sizes) => sizes.length > 1);
    expect(multiSize.length).toBeGreaterThanOrEqual(3);
    for (const sizes of multiSize) {
      sizes.sort((a, b) => a.vCpus - b.vCpus);
      for (let i = 1; i < sizes.length; i++) {
        const smaller = sizes[i - 1]!;
        const bigger = sizes[i]!;
        expect(bigger.usdPerHour, `${bigger.type} vs ${smaller.type}`).toBeGreaterThan(smaller.usdPerHour);
      }
    }
  });

  it('is frozen at every level, so assigning throws in strict mode', () => {
    expect(Object.isFrozen(builtInTrainingPrices)).toBe(true);
    expect(Object.isFrozen(builtInTrainingPrices.regions)).toBe(true);
    expect(Object.isFrozen(usEast1)).toBe(true);
    for (const price of priced) expect(Object.isFrozen(price), price.instanceType).toBe(true);

    const entry = usEast1['ml.p3.2xlarge'];
    expect(entry).toBeDefined();
    expect(() => {
      (builtInTrainingPrices as { regions: unknown }).regions = {};
    }).toThrow(TypeError);
    expect(() => {
      (builtInTrainingPrices.regions as Record<string, unknown>)['eu-west-1'] = {};
    }).toThrow(TypeError);
    expect(() => {
      (usEast1 as Record<string, unknown>)['ml.p3.2xlarge'] = { usdPerHour: 0 };
    }).toThrow(TypeError);
    expect(() => {
      (entry as { usdPerHour: number }).usdPerHour = 0;
    }).toThrow(TypeError);
    expect(priceOf('ml.p3.2xlarge')).toBe(3.825);
  });

  it('freezes the list of unpriced types', () => {
    expect(Object.isFrozen(UNPRICED_INSTANCE_TYPES)).toBe(true);
    expect(() => {
      (UNPRICED_INSTANCE_TYPES as string[]).push('ml.x1.xlarge');
    }).toThrow(TypeError);
  });
});
