/**
 * The AWS CLI's option name for a request member. Internal.
 *
 * The CLI names every option `--` + botocore's `xform_name(member, '-')`: a pluralised acronym at
 * the end is split off first (`SubnetARNs` -> `Subnet-arns`), then a dash goes before every
 * capitalised word and between a lower-case letter or digit and a capital
 * (`VolumeSizeInGB` -> `volume-size-in-gb`, `S3OutputPath` -> `s3-output-path`). A name that
 * already holds a dash is kept as it is. The test compares this with botocore for every member.
 *
 * @example
 * ```ts
 * cliOptionName('HyperParameters');        // --hyper-parameters
 * cliOptionName('EnableNetworkIsolation'); // --enable-network-isolation
 * ```
 */
export function cliOptionName(member: string): string {
  return `--${xformName(member)}`;
}

/** botocore.xform_name(name, '-') (botocore/__init__.py), without its cache of operation names. */
export function xformName(name: string): string {
  if (name.includes('-')) return name;
  let base = name;
  const plural = /[A-Z]{2,}s$/.exec(base);
  if (plural) base = `${base.slice(0, -plural[0].length)}-${plural[0].toLowerCase()}`;
  const firstCaps = base.replace(/(.)([A-Z][a-z]+)/g, '$1-$2');
  return firstCaps.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
