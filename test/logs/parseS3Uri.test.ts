import { describe, expect, it } from 'vitest';
import { InvalidS3UriError } from '../../src/errors';
import { parseS3Uri } from '../../src/logs/parseS3Uri';

function reasonFor(uri: unknown): string {
  try {
    parseS3Uri(uri as string);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidS3UriError);
    expect((error as InvalidS3UriError).uri).toBe(String(uri));
    return (error as Error).message;
  }
  throw new Error(`${String(uri)} was accepted`);
}

describe('parseS3Uri', () => {
  it('gives bucket and key for s3://bucket/key', () => {
    expect(parseS3Uri('s3://fcncloudml/resnet50-p3-gpu4-b512-e2/log.txt')).toEqual({ bucket: 'fcncloudml', key: 'resnet50-p3-gpu4-b512-e2/log.txt' });
  });

  it('gives bucket and prefix for a URI ending with /', () => {
    expect(parseS3Uri('s3://fcncloudml/resnet50-p3-gpu4-b512-e2/')).toEqual({ bucket: 'fcncloudml', prefix: 'resnet50-p3-gpu4-b512-e2/' });
  });

  it('reads s3://bucket and s3://bucket/ as the whole bucket (prefix "")', () => {
    expect(parseS3Uri('s3://fcncloudml')).toEqual({ bucket: 'fcncloudml', prefix: '' });
    expect(parseS3Uri('s3://fcncloudml/')).toEqual({ bucket: 'fcncloudml', prefix: '' });
  });

  it('keeps keys exactly as written: spaces, unicode, double slashes, question marks', () => {
    expect(parseS3Uri('s3://my.bucket-1/a b/données//x?.txt')).toEqual({ bucket: 'my.bucket-1', key: 'a b/données//x?.txt' });
  });

  it('accepts legacy us-east-1 bucket names with capitals and underscores', () => {
    expect(parseS3Uri('s3://My_Old_Bucket/log.txt')).toEqual({ bucket: 'My_Old_Bucket', key: 'log.txt' });
  });

  it('accepts access point aliases and directory buckets, which S3 names with reserved suffixes', () => {
    expect(parseS3Uri('s3://my-ap-hrzrlukc5m36ft7okagglf3gmwluquse1b-s3alias/log.txt')).toMatchObject({ key: 'log.txt' });
    expect(parseS3Uri('s3://logs--usw2-az1--x-s3/job/')).toEqual({ bucket: 'logs--usw2-az1--x-s3', prefix: 'job/' });
  });

  it('says which bucket naming rule a refused bucket breaks, in code', () => {
    const codeOf = (uri: string): unknown => {
      try {
        parseS3Uri(uri);
      } catch (error) {
        return (error as InvalidS3UriError).code;
      }
      return 'accepted';
    };

    expect(codeOf('s3://b/log.txt')).toBe('bucket_name_too_short');
    expect(codeOf('s3://xn--bucket/log.txt')).toBe('bucket_name_reserved_prefix');
    expect(codeOf('s3://fcncloudml/a\tb.txt')).toBeUndefined();
  });

  it.each([
    ['', 'empty'],
    ['fcncloudml/log.txt', 'does not start with s3://'],
    ['s3:/fcncloudml/log.txt', 'does not start with s3://'],
    ['S3://fcncloudml/log.txt', 'lowercase'],
    ['gs://fcncloudml/log.txt', 'gs://'],
    ['s3://', 'bucket name is missing'],
    ['s3:///log.txt', 'bucket name is missing'],
    ['s3://ab/log.txt', 'shorter than 3'],
    ['s3://bad*bucket/log.txt', 'may only hold'],
    ['s3://-bucket/log.txt', 'begin and end'],
    ['s3://my..bucket/log.txt', 'two dots'],
    ['s3://192.168.1.1/log.txt', 'IP address'],
    [' s3://fcncloudml/log.txt', 'whitespace'],
    ['s3://fcncloudml/log.txt\n', 'whitespace'],
    ['s3://fcncloudml/a\tb.txt', 'control character'],
    [`s3://fcncloudml/${'k'.repeat(1025)}`, 'longer than 1024 bytes'],
    ['s3://fcncloudml/log\uD800.txt', 'lone UTF-16 surrogate'],
    ['s3://fcncloudml/log\uDC00.txt', 'lone UTF-16 surrogate'],
    ['s3://fcncloudml/\uDE00\uD83D.txt', 'lone UTF-16 surrogate'],
  ])('rejects %j with a reason (%s)', (uri, reason) => {
    expect(reasonFor(uri)).toContain(reason);
  });

  it('keeps surrogate pairs (emoji and other characters beyond the BMP) in keys', () => {
    expect(parseS3Uri('s3://fcncloudml/run-🚀/log.txt')).toEqual({ bucket: 'fcncloudml', key: 'run-🚀/log.txt' });
  });

  it('rejects https URLs and suggests the s3:// form', () => {
    expect(reasonFor('https://fcncloudml.s3.us-east-1.amazonaws.com/job/log.txt')).toContain('use s3://fcncloudml/job/log.txt');
    expect(reasonFor('https://s3.amazonaws.com/fcncloudml/job/log.txt')).toContain('use s3://fcncloudml/job/log.txt');
    expect(reasonFor('http://example.com/log.txt')).toContain('https URLs are not accepted');
  });

  it('rejects what is not a string, naming what it got', () => {
    expect(reasonFor(undefined)).toContain('expected a string, got undefined');
    expect(reasonFor(null)).toContain('got null');
  });

  it('puts the URI in the message', () => {
    expect(reasonFor('s3:/x')).toContain('"s3:/x"');
  });
});
