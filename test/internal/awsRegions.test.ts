import { describe, expect, it } from 'vitest';
import { checkRegionName, isKnownRegion, isRegionName, knownRegions, nearestKnownRegion } from '../../src/internal/awsRegions';

describe('checkRegionName', () => {
  it.each(['us-east-1', 'eu-west-2', 'ap-southeast-7', 'us-gov-west-1', 'us-isob-east-1', 'eu-isoe-west-1', 'eusc-de-east-1', 'cn-northwest-1', 'aws-global', 'aws-us-gov-global', 'fips-us-east-1', 'us-east-1-fips'])(
    'accepts %s',
    (region) => {
      expect(checkRegionName(region)).toEqual({ ok: true });
      expect(isRegionName(region)).toBe(true);
    },
  );

  it('accepts a well-formed region the SDK does not know: new regions appear', () => {
    expect(checkRegionName('us-east-7')).toEqual({ ok: true });
  });

  it.each([
    ['us east 1', 'us-east-1'],
    ['US-EAST-1', 'us-east-1'],
    ['us_east_1', 'us-east-1'],
    [' us-west-2 ', 'us-west-2'],
    ['useast1', 'us-east-1'],
    ['usgovwest1', 'us-gov-west-1'],
    ['us-east-1a', 'us-east-1'],
  ])('refuses %j and suggests %s', (value, suggestion) => {
    const check = checkRegionName(value);

    expect(check.ok).toBe(false);
    expect(check).toMatchObject({ suggestion });
  });

  it('says an availability zone is not a region', () => {
    expect(checkRegionName('eu-west-1b')).toMatchObject({ ok: false, problem: 'that is an availability zone, not a region' });
  });

  it.each(['', '   ', 'nowhere', 'us-east', '1-us-east', 'us--east-1'])('refuses %j with no suggestion it cannot back', (value) => {
    const check = checkRegionName(value);

    expect(check.ok).toBe(false);
    if (!check.ok && check.suggestion !== undefined) expect(isRegionName(check.suggestion)).toBe(true);
  });
});

describe('known regions', () => {
  it("lists the SDK's regions, from its own partition data", () => {
    const regions = knownRegions();

    expect(regions).toContain('us-east-1');
    expect(regions).toContain('eu-central-1');
    expect(regions).toContain('us-gov-west-1');
    expect(regions).toContain('cn-north-1');
    expect(regions.every((r) => isKnownRegion(r) === true)).toBe(true);
    expect([...regions].sort()).toEqual(regions);
  });

  it('tells a known region from a well-formed unknown one', () => {
    expect(isKnownRegion('us-west-2')).toBe(true);
    expect(isKnownRegion('us-east-7')).toBe(false);
    expect(isKnownRegion('xx-nowhere-1')).toBe(false);
  });

  it.each([
    ['us-east-7', 'us-east-1'],
    ['eu-wset-1', 'eu-west-1'],
    ['ap-southeast-99', 'ap-southeast-1'],
    ['us-gov-east-3', 'us-gov-east-1'],
  ])('suggests the nearest known region for %s: %s', (region, nearest) => {
    expect(nearestKnownRegion(region)).toBe(nearest);
  });

  it('suggests nothing for a name far from every region', () => {
    expect(nearestKnownRegion('xx-nowhere-1')).toBeUndefined();
  });
});
