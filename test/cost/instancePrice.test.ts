import { describe, expect, it } from 'vitest';
import { builtInTrainingPrices } from '../../src/cost/builtInTrainingPrices';
import { DEFAULT_PRICE_REGION, instancePrice } from '../../src/cost/instancePrice';
import { normalizeInstanceType } from '../../src/cost/internal/names';
import type { InstancePrice, PriceCatalog } from '../../src/cost/PriceCatalog';

function price(instanceType: string, region: string, usdPerHour: number, source = 'my invoice'): InstancePrice {
  return { instanceType, region, usdPerHour, source, asOf: '2026-11-30' };
}

describe('instancePrice', () => {
  it('prices ml.p3.2xlarge from the built-in us-east-1 catalog by default', () => {
    const p3 = instancePrice('ml.p3.2xlarge');
    expect(DEFAULT_PRICE_REGION).toBe('us-east-1');
    // the built-in row: ['ml.p3.2xlarge', 3.825, 'SM_PAGE_2021']
    expect(p3?.usdPerHour).toBeCloseTo(3.825, 6);
    expect(p3?.instanceType).toBe('ml.p3.2xlarge');
    expect(p3?.region).toBe('us-east-1');
    expect(p3?.asOf).toBe('2021-11-27');
    expect(p3?.source).toContain('https://aws.amazon.com/sagemaker/pricing/');
    expect(p3).toBe(builtInTrainingPrices.regions['us-east-1']?.['ml.p3.2xlarge']);
  });

  it('finds the same price for p3.2xlarge, ML.P3.2XLARGE and a padded name', () => {
    const canonical = instancePrice('ml.p3.2xlarge');
    expect(canonical).toBeDefined();
    expect(instancePrice('p3.2xlarge')).toBe(canonical);
    expect(instancePrice('ML.P3.2XLARGE')).toBe(canonical);
    expect(instancePrice('  ml.p3.2xlarge ')).toBe(canonical);
    expect(normalizeInstanceType('P3.2XLARGE')).toBe('ml.p3.2xlarge');
  });

  it('prices an explicitly given us-east-1 region like the default', () => {
    // ['ml.g4dn.xlarge', 0.7364, 'SM_PAGE_2021']
    expect(instancePrice('ml.g4dn.xlarge', { region: 'us-east-1' })?.usdPerHour).toBeCloseTo(0.7364, 6);
  });

  it('prefers the given prices over the built-in catalog', () => {
    const prices: PriceCatalog = { regions: { 'us-east-1': { 'ml.p3.2xlarge': price('ml.p3.2xlarge', 'us-east-1', 3.06) } } };
    const mine = instancePrice('p3.2xlarge', { prices });
    // the given 3.06 $/h, not the built-in 3.825
    expect(mine?.usdPerHour).toBeCloseTo(3.06, 6);
    expect(mine?.source).toBe('my invoice');
  });

  it('prices a region that is not built in from the given prices', () => {
    const prices: PriceCatalog = { regions: { 'eu-west-1': { 'ml.g5.xlarge': price('ml.g5.xlarge', 'eu-west-1', 1.57) } } };
    const g5 = instancePrice('ml.g5.xlarge', { region: 'eu-west-1', prices });
    expect(g5?.usdPerHour).toBeCloseTo(1.57, 6);
    expect(g5?.region).toBe('eu-west-1');
  });

  it('falls back to the built-in catalog when the given prices lack the type', () => {
    const prices: PriceCatalog = { regions: { 'us-east-1': { 'ml.g5.xlarge': price('ml.g5.xlarge', 'us-east-1', 1.41) } } };
    const p3 = instancePrice('ml.p3.2xlarge', { prices });
    // the built-in 3.825 $/h and its source
    expect(p3?.usdPerHour).toBeCloseTo(3.825, 6);
    expect(p3?.asOf).toBe('2021-11-27');
    expect(p3).toBe(builtInTrainingPrices.regions['us-east-1']?.['ml.p3.2xlarge']);
  });

  it('falls back to the built-in catalog when the given prices lack the region', () => {
    const prices: PriceCatalog = { regions: { 'eu-west-1': { 'ml.p3.2xlarge': price('ml.p3.2xlarge', 'eu-west-1', 4.284) } } };
    // us-east-1 is asked for: the eu-west-1 figure is not used
    expect(instancePrice('ml.p3.2xlarge', { prices })?.usdPerHour).toBeCloseTo(3.825, 6);
  });

  it('returns undefined for a region that is not built in', () => {
    expect(instancePrice('ml.p3.2xlarge', { region: 'eu-west-1' })).toBeUndefined();
    expect(instancePrice('ml.p3.2xlarge', { region: 'us-gov-west-1' })).toBeUndefined();
  });

  it('returns undefined for a region that neither the given prices nor the built-in catalog has the type for', () => {
    const prices: PriceCatalog = { regions: { 'eu-west-1': { 'ml.g5.xlarge': price('ml.g5.xlarge', 'eu-west-1', 1.57) } } };
    expect(instancePrice('ml.p3.2xlarge', { region: 'eu-west-1', prices })).toBeUndefined();
  });

  it('returns undefined for a catalogued type without a built-in price', () => {
    expect(instancePrice('ml.p5.48xlarge')).toBeUndefined();
    expect(instancePrice('ml.c5.xlarge')).toBeUndefined();
  });

  it('returns undefined for an empty instance type', () => {
    expect(instancePrice('')).toBeUndefined();
    expect(instancePrice('   ')).toBeUndefined();
  });

  it('throws a TypeError for a region that is not an AWS region code', () => {
    for (const region of ['us-east', '', 'us_east_1', 42, null]) {
      expect(() => instancePrice('ml.p3.2xlarge', { region: region as string })).toThrow(TypeError);
    }
    expect(() => instancePrice('ml.p3.2xlarge', { region: 'Ireland' })).toThrow(/region must be an AWS region code/);
  });

  it('reads a region code in any letter case, as fetchTrainingPrices does', () => {
    expect(instancePrice('ml.p3.2xlarge', { region: ' US-EAST-1 ' })?.usdPerHour).toBe(3.825);
  });

  it('throws a TypeError for prices that are not a PriceCatalog', () => {
    for (const prices of [null, 'prices', 42, {}, { regions: null }, { regions: 'us-east-1' }]) {
      expect(() => instancePrice('ml.p3.2xlarge', { prices: prices as unknown as PriceCatalog })).toThrow(TypeError);
    }
    expect(() => instancePrice('ml.p3.2xlarge', { prices: {} as PriceCatalog })).toThrow(/prices must be a PriceCatalog/);
  });

  it('throws a TypeError for options that are not an object', () => {
    expect(() => instancePrice('ml.p3.2xlarge', null as unknown as object)).toThrow(TypeError);
    expect(() => instancePrice('ml.p3.2xlarge', 'us-east-1' as unknown as object)).toThrow(TypeError);
  });
});
