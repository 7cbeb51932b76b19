/**
 * SageMaker metric definitions (`{ Name, Regex }`) applied offline, with the service's rule: the
 * regex is searched in each log line and the first capture group of the first match is the
 * value. Internal.
 *
 * @module
 */
import { MetricsCollector, type ReaderSnapshot } from './MetricsCollector';
import { parseNumber } from './parseNumber';

/** A SageMaker metric definition, as in `AlgorithmSpecification.MetricDefinitions`. */
export interface MetricDefinition {
  /** The metric's name. */
  readonly Name: string | undefined;
  /** A regular expression whose first capture group is the value. */
  readonly Regex: string | undefined;
}

interface Compiled {
  name: string;
  regex: RegExp;
}

/**
 * Python's `re` spellings the service accepts but JavaScript writes differently: named groups
 * `(?P<name>...)` and back references `(?P=name)`.
 */
function toJavaScriptPattern(pattern: string): string {
  return pattern.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
}

export class MetricDefinitionReader {
  private readonly out: MetricsCollector;
  private readonly compiled: Compiled[] = [];
  private evidence = 0;

  constructor(definitions: readonly MetricDefinition[], maxSeriesPoints: number) {
    this.out = new MetricsCollector(maxSeriesPoints);
    for (const [i, d] of definitions.entries()) {
      if (typeof d?.Name !== 'string' || d.Name === '' || typeof d.Regex !== 'string' || d.Regex === '') {
        this.out.warn(`metric definition ${i} has no Name or no Regex: skipped`);
        continue;
      }
      try {
        this.compiled.push({ name: d.Name, regex: new RegExp(toJavaScriptPattern(d.Regex)) });
      } catch (error) {
        this.out.warn(`metric definition ${JSON.stringify(d.Name)}: its Regex ${JSON.stringify(d.Regex)} is not valid here (${(error as Error).message}): skipped`);
      }
    }
  }

  get active(): boolean {
    return this.compiled.length > 0;
  }

  line(text: string, timestamp: Date | undefined): void {
    for (const { name, regex } of this.compiled) {
      const m = regex.exec(text);
      if (m === null) continue;
      const value = parseNumber(m[1]);
      if (value === undefined) continue;
      this.evidence++;
      this.out.point(name, value, timestamp, undefined);
    }
  }

  snapshot(): ReaderSnapshot {
    return this.out.snapshot('metric-definitions', this.evidence);
  }
}
