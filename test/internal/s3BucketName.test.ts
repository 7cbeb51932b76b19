/**
 * The one S3 bucket naming rule, and the places that apply it agreeing on every name: the
 * builder's validation (`outputPath`, channels), `parseS3Uri` and `S3TextLogSource`.
 */
import { S3Client } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import { VALIDATION_ISSUE_CODES } from '../../src/builder/validateCreateTrainingJob';
import { InvalidS3UriError, type ValidationIssue } from '../../src/errors';
import { checkS3BucketName, S3_BUCKET_NAME_CODES } from '../../src/internal/s3BucketName';
import { parseS3Uri } from '../../src/logs/parseS3Uri';
import { S3TextLogSource } from '../../src/logs/S3TextLogSource';
import { validBucketName } from '../builder/createTrainingJobSamples';

const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

/** A builder that is valid but for what the test sets. */
function job(): TrainingJobBuilder {
  return new TrainingJobBuilder()
    .name('bucket-rule')
    .image('123456789012.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest')
    .role('arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole')
    .outputPath('s3://fcncloudml/')
    .instance('ml.p3.2xlarge');
}

/** The builder's issues about its output path `s3://<bucket>/`. */
function builderIssues(bucket: string): ValidationIssue[] {
  return job()
    .outputPath(`s3://${bucket}/`)
    .validate()
    .filter((issue) => issue.path.join('.') === 'OutputDataConfig.S3OutputPath');
}

/** What parseS3Uri says of `s3://<bucket>/log.txt`: accepted, or the InvalidS3UriError's code. */
function parseVerdict(bucket: string): { accepted: true } | { accepted: false; code: string | undefined } {
  try {
    parseS3Uri(`s3://${bucket}/log.txt`);
    return { accepted: true };
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidS3UriError);
    return { accepted: false, code: (error as InvalidS3UriError).code };
  }
}

/** What the log source says of a log under `s3://<bucket>/`. */
function logSourceAccepts(bucket: string): boolean {
  try {
    new S3TextLogSource({ client: s3, uri: `s3://${bucket}/job/log.txt` });
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidS3UriError);
    return false;
  }
}

/** Names near the rule's edges: any length up to 70, the characters S3 allows and some it does not, reserved prefixes and suffixes. */
const anyBucketName: fc.Arbitrary<string> = fc.oneof(
  validBucketName,
  fc.string({ unit: fc.constantFrom(...'abcz09.-'), minLength: 0, maxLength: 70 }),
  fc.string({ unit: fc.constantFrom(...'aZ9._-*é :'), minLength: 0, maxLength: 12 }),
  fc
    .tuple(
      fc.constantFrom('', 'xn--', 'sthree-', 'sthree-configurator', 'amzn-s3-demo-', 'XN--', '-', '.'),
      validBucketName,
      fc.constantFrom('', '-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3', '-', '.', '..x'),
    )
    .map(([prefix, name, suffix]) => `${prefix}${name}${suffix}`),
  fc.tuple(fc.nat(999), fc.nat(999), fc.nat(999), fc.nat(999)).map((parts) => parts.join('.')),
  fc.string({ unit: fc.constantFrom(...'abcXYZ_'), minLength: 3, maxLength: 300 }),
);

describe('checkS3BucketName', () => {
  it('accepts general-purpose bucket names', () => {
    for (const name of ['fcncloudml', 'my-bucket', 'my.bucket-1', 'abc', '1a2', 'a'.repeat(63), 'logs.2024.example']) {
      expect(checkS3BucketName(name), name).toBeUndefined();
    }
  });

  it('accepts the names S3 gives access point aliases, directory buckets and S3 Tables', () => {
    for (const name of ['my-ap-hrzrlukc5m36ft7okagglf3gmwluquse1b-s3alias', 'my-olap-yt8ddf7zabsuzc3q4ahtk6ysapne3use1b--ol-s3', 'bucket-base-name--usw2-az1--x-s3', '63a8e430-6e0b-46f5-k833abtwr6s8tmtsycedn8s4yc3xhuse1b--table-s3']) {
      expect(checkS3BucketName(name), name).toBeUndefined();
    }
  });

  it.each([
    ['', 'bucket_name_missing', 'is missing'],
    ['b', 'bucket_name_too_short', 'shorter than 3 characters'],
    ['ab', 'bucket_name_too_short', 'shorter than 3 characters'],
    ['a'.repeat(256), 'bucket_name_too_long', 'at most 63 (255 for a legacy us-east-1 bucket)'],
    ['bad*bucket', 'bucket_name_characters', 'may only hold lowercase letters, digits, dots and hyphens'],
    ['my bucket', 'bucket_name_characters', 'may only hold'],
    ['-bucket', 'bucket_name_edges', 'must begin and end with a letter or a digit'],
    ['bucket.', 'bucket_name_edges', 'must begin and end'],
    ['my..bucket', 'bucket_name_adjacent_dots', 'two dots in a row'],
    ['192.168.5.4', 'bucket_name_ip_address', 'IP address'],
    ['xn--bucket', 'bucket_name_reserved_prefix', 'starts with xn--'],
    ['sthree-bucket', 'bucket_name_reserved_prefix', 'starts with sthree-'],
    ['sthree-configurator-x', 'bucket_name_reserved_prefix', 'starts with sthree-'],
    ['amzn-s3-demo-bucket', 'bucket_name_reserved_prefix', 'starts with amzn-s3-demo-'],
    ['mfzwi23gnjvgw.mrap', 'bucket_name_reserved_suffix', 'Multi-Region Access Points'],
  ])('refuses %j (%s) with a reason naming it', (name, code, reason) => {
    const issue = checkS3BucketName(name);

    expect(issue).toMatchObject({ code, severity: 'error' });
    expect(issue!.message).toContain(reason);
    if (name !== '' && name.length < 100) expect(issue!.message).toContain(JSON.stringify(name));
  });

  it('warns about names only legacy us-east-1 buckets can have: capitals, underscores, over 63 characters', () => {
    for (const name of ['My_Old_Bucket', 'UPPER', 'a_b', 'a'.repeat(64), 'a'.repeat(255)]) {
      const issue = checkS3BucketName(name);

      expect(issue, name).toMatchObject({ code: 'bucket_name_legacy', severity: 'warning' });
      expect(issue!.message).toContain('legacy us-east-1 bucket');
    }
  });

  it('gives only the codes it lists, and the builder lists them all as validation codes', () => {
    fc.assert(
      fc.property(anyBucketName, (name) => {
        const issue = checkS3BucketName(name);
        if (issue !== undefined) expect(S3_BUCKET_NAME_CODES).toContain(issue.code);
      }),
    );
    for (const code of S3_BUCKET_NAME_CODES) expect(VALIDATION_ISSUE_CODES).toContain(code);
  });

  it('accepts every name built from the general-purpose rules (property)', () => {
    fc.assert(
      fc.property(validBucketName, (name) => {
        expect(checkS3BucketName(name)).toBeUndefined();
      }),
    );
  });
});

describe('one bucket rule in the builder, parseS3Uri and S3TextLogSource', () => {
  it('rejects the bucket of s3://b/ in the builder, parseS3Uri and the log source alike', () => {
    const issues = builderIssues('b');

    expect(issues).toEqual([
      {
        path: ['OutputDataConfig', 'S3OutputPath'],
        code: 'bucket_name_too_short',
        severity: 'error',
        message: 'S3OutputPath s3://b/: the bucket name "b" is shorter than 3 characters',
        value: 's3://b/',
      },
    ]);
    expect(job().outputPath('s3://b/').safeBuild().success).toBe(false);
    expect(parseVerdict('b')).toEqual({ accepted: false, code: 'bucket_name_too_short' });
    expect(logSourceAccepts('b')).toBe(false);
  });

  it('checks the bucket of channels and checkpoints too', () => {
    const issues = job().channel('training', 's3://ab/train/').spot({ maxWaitSeconds: 7200, checkpointS3Uri: 's3://my..bucket/ckpt/' }).validate();

    expect(issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['InputDataConfig.0.DataSource.S3DataSource.S3Uri', 'bucket_name_too_short'],
      ['CheckpointConfig.S3Uri', 'bucket_name_adjacent_dots'],
    ]);
  });

  it('leaves https:// URIs (a host, not a bucket) to the service', () => {
    expect(job().outputPath('https://b.s3.amazonaws.com/out/').validate()).toEqual([]);
  });

  it('agrees on every generated name: rejected by one, rejected by all, with the same code (property)', () => {
    fc.assert(
      fc.property(anyBucketName.filter((name) => !name.includes('/')), (name) => {
        const issues = builderIssues(name);
        const errors = issues.filter((i) => i.severity === 'error');
        const parsed = parseVerdict(name);

        expect(parsed.accepted, `builder: ${JSON.stringify(errors)}`).toBe(errors.length === 0);
        expect(logSourceAccepts(name)).toBe(parsed.accepted);
        const rule = checkS3BucketName(name);
        if (!parsed.accepted && rule?.severity === 'error') {
          expect(parsed.code).toBe(rule.code);
          // The model's own pattern (no bucket at all) may speak first; otherwise the builder gives the rule's code.
          if (name !== '') expect(errors.map((i) => i.code)).toEqual([rule.code]);
        }
        if (parsed.accepted) expect(issues.map((i) => i.code)).toEqual(rule === undefined ? [] : ['bucket_name_legacy']);
      }),
      { numRuns: 500 },
    );
  });
});
