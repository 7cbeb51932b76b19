/**
 * The built-in price catalog: on-demand SageMaker **training** rates in US East (N. Virginia),
 * for the instance types of {@link instanceCatalog} whose training price could be traced to a
 * published source. Every other catalogued type is listed in {@link UNPRICED_INSTANCE_TYPES}
 * and has no entry: nothing here is estimated, interpolated, or derived from an EC2 price.
 *
 * The figures are the "Amazon SageMaker pricing, On-Demand, Training tab, US East (N. Virginia)"
 * rates (https://aws.amazon.com/sagemaker/pricing/, usage type `USE1-Train:<type>` in the AWS
 * Price List), as far as they could be read on 2026-12-02. The pricing page renders its tables
 * with JavaScript, so no stored copy of the page itself showed them; each figure below was read
 * from a source that transcribed the page's training table, from an AWS-authored training cost
 * table, or from a quoted Price List answer for a `Train` usage type, and cross-checked against
 * at least one other table that shows the same figure. Hosting (real-time inference), notebook,
 * Studio and EC2 rates were used only as corroboration, never as a price. For live prices use
 * {@link fetchTrainingPrices}.
 *
 * @module
 */
import type { InstancePrice, PriceCatalog } from './PriceCatalog';

/**
 * The date (ISO `YYYY-MM-DD`) this table was compiled. Each entry has its own `asOf`, the date
 * of its source, which is older.
 *
 * @example
 * ```ts
 * import { BUILT_IN_PRICES_AS_OF } from 'sagemaker-bench';
 *
 * console.log(`built-in prices compiled on ${BUILT_IN_PRICES_AS_OF}`); // 2026-12-02
 * ```
 */
export const BUILT_IN_PRICES_AS_OF = '2026-12-02';

const REGION = 'us-east-1';

/** Where a row's figure was read. Each `source` string says so in full; `asOf` is that source's date. */
const SOURCES = {
  // SOURCE SM_PAGE_2021: the GPU table of https://aws.amazon.com/sagemaker/pricing/ as
  // transcribed on 2021-11-27 in github.com/goerlitz/nlp-classification,
  // notebooks/10kGNAD/sagemaker/README.md ("GPU Pricing", link to the pricing page), written
  // while running CreateTrainingJob with ml.g4dn/ml.p3 (its troubleshooting note quotes the
  // "ml.g4dn.2xlarge for training job usage" limit), so it is read as the Training tab. It is not
  // the hosting tab: it lists ml.p3dn.24xlarge, which real-time hosting does not offer (botocore's
  // ProductionVariantInstanceType enum lacks it); the README alone cannot rule out the notebook
  // tab. Region not named; the figures are the US East ones: every other table below that names
  // US East (or US East (Ohio), priced the same for these types) shows the same numbers.
  // Cross-checks: syne-tune's table (SYNE_TUNE_2022) has the same ml.p3 and ml.p3dn figures;
  // github.com/ZindiAfrica/AI-for-Equity-Challenges-Getting-Started-with-AWS-Resources,
  // sagemaker_instance_pricing.md (US East (Ohio)) has the same ml.g4dn.2xlarge-16xlarge and
  // ml.p3.2xlarge/8xlarge figures; github.com/JHUAPL-DTC-TA2/wiki docs/sagemaker_instances.md
  // (Studio apps) has the same ml.p3.2xlarge/8xlarge and ml.g4dn.4xlarge/8xlarge figures.
  // Disagreement: syne-tune's table has ml.g4dn at 0.736/1.053/1.686/3.046/5.477/6.093; those are
  // the rates before SageMaker's October 2020 GPU price cut (its ml.p3 rows were updated, its
  // ml.g4dn rows were not: 1.053/0.94 = 4.284/3.825, the p3.2xlarge rate before and after the
  // cut), so the newer page figures are used.
  SM_PAGE_2021: {
    source:
      'https://aws.amazon.com/sagemaker/pricing/ (On-Demand, Training, US East (N. Virginia)), as transcribed in github.com/goerlitz/nlp-classification notebooks/10kGNAD/sagemaker/README.md',
    asOf: '2021-11-27',
  },
  // SOURCE SYNE_TUNE_2022: github.com/syne-tune/syne-tune (an AWS project),
  // syne_tune/backend/sagemaker_backend/instance-types-cost.csv at commit a58ad77 (2022-03-17),
  // the per-hour rates Syne Tune used to report the cost of the SageMaker training jobs it
  // launched. Region not named; its ml.p2/ml.p3/ml.p3dn/ml.p4d rows match the US East training
  // figures (ml.p3 and ml.p3dn agree with SM_PAGE_2021). Only its ml.p2 rows are used (its
  // ml.m5/ml.c5 rows are another region's, its ml.g4dn rows predate the 2020 cut, its ml.g5 rows
  // are EC2 rates, its ml.p4d row predates the 2025 cut: see UNPRICED_INSTANCE_TYPES).
  // Cross-check: ml.p2.xlarge 1.125 also appears as the SageMaker rate in a public cost tool's
  // fallback table (found by the code search; repository name not recoverable from the index).
  SYNE_TUNE_2022: {
    source:
      'github.com/syne-tune/syne-tune syne_tune/backend/sagemaker_backend/instance-types-cost.csv (SageMaker training job rates, commit a58ad77)',
    asOf: '2022-03-17',
  },
  // SOURCE PRICE_LIST_M5_2026: an AWS Price List Query API answer quoted in a public project's
  // cost notes: "$0.115/hour for SKU JMCWJEAPVJNFJ5P4, usage type USE1-Train:ml.m5.large, on
  // 2026-08-11" (found by the code search; repository name not recoverable from the index; the
  // SKU can be checked with GetProducts). Cross-check: 0.115 is the widely published figure
  // (also the Studio rate in the JHUAPL table above).
  PRICE_LIST_M5_2026: {
    source: 'AWS Price List API (AmazonSageMaker GetProducts), SKU JMCWJEAPVJNFJ5P4, usage type USE1-Train:ml.m5.large, as quoted in a public project',
    asOf: '2026-08-11',
  },
  // SOURCE PRICE_LIST_G5_2026: an AWS Price List answer quoted in a public project's code:
  // "`aws pricing get-products --service-code AmazonSageMaker --filters
  // usagetype=USE1-Train:ml.g5.2xlarge`, us-east-1, 2026-08-20" -> 1.515 (repository name not
  // recoverable from the index). Cross-check: 1.515 is the ml.g5.2xlarge figure in every
  // SageMaker table seen (hosting, Studio, training), e.g. as the US West (Oregon) endpoint rate in
  // github.com/aws-samples/jp-rag-sample issue #15 (2023-10-08).
  PRICE_LIST_G5_2026: {
    source: 'AWS Price List API (AmazonSageMaker GetProducts), usage type USE1-Train:ml.g5.2xlarge, as quoted in a public project',
    asOf: '2026-08-20',
  },
} as const;

type SourceId = keyof typeof SOURCES;

/** [instance type, US dollars per instance-hour, source] */
type PriceRow = readonly [instanceType: string, usdPerHour: number, source: SourceId];

const rows: readonly PriceRow[] = [
  // P2 (NVIDIA K80)
  ['ml.p2.xlarge', 1.125, 'SYNE_TUNE_2022'],
  ['ml.p2.8xlarge', 8.64, 'SYNE_TUNE_2022'],
  ['ml.p2.16xlarge', 16.56, 'SYNE_TUNE_2022'],
  // P3, P3dn (NVIDIA V100)
  ['ml.p3.2xlarge', 3.825, 'SM_PAGE_2021'],
  ['ml.p3.8xlarge', 14.688, 'SM_PAGE_2021'],
  ['ml.p3.16xlarge', 28.152, 'SM_PAGE_2021'],
  ['ml.p3dn.24xlarge', 35.894, 'SM_PAGE_2021'],
  // G4dn (NVIDIA T4)
  ['ml.g4dn.xlarge', 0.7364, 'SM_PAGE_2021'],
  ['ml.g4dn.2xlarge', 0.94, 'SM_PAGE_2021'],
  ['ml.g4dn.4xlarge', 1.505, 'SM_PAGE_2021'],
  ['ml.g4dn.8xlarge', 2.72, 'SM_PAGE_2021'],
  ['ml.g4dn.12xlarge', 4.89, 'SM_PAGE_2021'],
  ['ml.g4dn.16xlarge', 5.44, 'SM_PAGE_2021'],
  // G5 (NVIDIA A10G): only the size with a training-specific source
  ['ml.g5.2xlarge', 1.515, 'PRICE_LIST_G5_2026'],
  // M5: only the size with a training-specific source
  ['ml.m5.large', 0.115, 'PRICE_LIST_M5_2026'],
];

/**
 * Catalogued instance types with no entry in {@link builtInTrainingPrices}, because no
 * trustworthy published on-demand training price for US East (N. Virginia) was found. Frozen.
 * Use {@link fetchTrainingPrices} for them.
 *
 * @example
 * ```ts
 * import { UNPRICED_INSTANCE_TYPES, builtInTrainingPrices } from 'sagemaker-bench';
 *
 * const type = 'ml.p5.48xlarge';
 * if (UNPRICED_INSTANCE_TYPES.includes(type)) console.log(`${type}: fetch its price with fetchTrainingPrices`);
 * console.log(builtInTrainingPrices.regions['us-east-1']?.[type]); // undefined
 * ```
 */
export const UNPRICED_INSTANCE_TYPES: readonly string[] = Object.freeze([
  // No published training price found: the 43 types below, in groups, each with its reason.
  // P4d, P4de, P5 (48xlarge): AWS cut the EC2 prices of these instances in June 2025 (EC2
  // us-east-1 on demand, before -> after: p4d.24xlarge 32.7726 -> 21.957642, p4de.24xlarge
  // 40.966 -> 27.44705, p5.48xlarge 98.32 -> 55.04; the "after" figures as listed, retrieved
  // 2026-11-09, in github.com/datareceipts/data-receipts 109-gpu-pricing/hyperscalers.json).
  // The SageMaker training rates published before the cut (ml.p4d.24xlarge 37.688 in
  // SYNE_TUNE_2022 and in aws-samples' foundation-model-benchmarking-tool; ml.p5.48xlarge 113.068
  // in the latter, a hosting list) are therefore stale. SageMaker evidently followed the cut:
  // a Price List table of SageMaker *Studio* rates in us-west-2 (effective 2026-09-01, quoted in
  // a public project) has ml.p4d.24xlarge 25.251286 and ml.p5.48xlarge 63.296, and a third-party
  // calculator (calculator.holori.com/aws/sagemaker/ml.p5.48xlarge-training) is quoted with
  // "starting at $63.296" for training. But no source states the current us-east-1 *training*
  // rate of any of the three, so none is given here.
  'ml.p4d.24xlarge',
  'ml.p4de.24xlarge',
  'ml.p5.48xlarge',
  // P5 (4xlarge), P5e, P5en: no published SageMaker training price found in any source.
  'ml.p5.4xlarge',
  'ml.p5e.48xlarge',
  'ml.p5en.48xlarge',
  // G5 (all but 2xlarge): the figures seen (xlarge 1.408/1.4084, 4xlarge 2.03, 8xlarge 3.06,
  // 12xlarge 7.09, 24xlarge 10.18, 48xlarge 20.36) come from hosting lists (aws-samples'
  // foundation-model-benchmarking-tool), Studio tables, or unlabelled tables, not from a
  // training source; and ml.g5.16xlarge has three conflicting figures (5.12 in the Zindi Ohio
  // table, 6.10 and 8.142 in two unlabelled tables). Other tables give EC2 rates (1.006, 1.212,
  // ...) as SageMaker prices.
  'ml.g5.xlarge',
  'ml.g5.4xlarge',
  'ml.g5.8xlarge',
  'ml.g5.12xlarge',
  'ml.g5.16xlarge',
  'ml.g5.24xlarge',
  'ml.g5.48xlarge',
  // G6: only hosting and Studio figures found (e.g. xlarge 1.127, 2xlarge 1.222, 12xlarge 5.752,
  // 24xlarge 8.344, 48xlarge 16.688); none labelled training.
  'ml.g6.xlarge',
  'ml.g6.2xlarge',
  'ml.g6.4xlarge',
  'ml.g6.8xlarge',
  'ml.g6.12xlarge',
  'ml.g6.16xlarge',
  'ml.g6.24xlarge',
  'ml.g6.48xlarge',
  // G6e: the one table labelled "training" (xlarge 1.86, 2xlarge 2.24, 12xlarge 10.49, said to be
  // from the Price List) shows the EC2 g6e rates, so it is not trusted; other figures are hosting.
  'ml.g6e.xlarge',
  'ml.g6e.2xlarge',
  'ml.g6e.4xlarge',
  'ml.g6e.8xlarge',
  'ml.g6e.12xlarge',
  'ml.g6e.16xlarge',
  'ml.g6e.24xlarge',
  'ml.g6e.48xlarge',
  // Trn1, Trn1n, Trn2: no training figure found (aws-samples' benchmarking tool lists
  // ml.trn1.32xlarge at 28.497 as a hosting rate, which equals 1.15 x the EC2 trn1n rate; not used).
  'ml.trn1.2xlarge',
  'ml.trn1.32xlarge',
  'ml.trn1n.32xlarge',
  'ml.trn2.48xlarge',
  // M5 (all but large): the figures seen (xlarge 0.23, 2xlarge 0.461, 4xlarge 0.922, 12xlarge
  // 2.765, 24xlarge 5.53) come from hosting, Studio and unlabelled tables only (the one table
  // that says "training, US East, from the pricing page" gives EC2 rates for its GPU rows, so it
  // is not trusted); syne-tune's m5 rows (0.134, ...) are another region's.
  'ml.m5.xlarge',
  'ml.m5.2xlarge',
  'ml.m5.4xlarge',
  'ml.m5.12xlarge',
  'ml.m5.24xlarge',
  // C5: same as M5 (figures seen: xlarge 0.204, 2xlarge 0.408, 4xlarge 0.816, 9xlarge 1.836,
  // 18xlarge 3.672, all from hosting, Studio or unlabelled tables; syne-tune's are another region's).
  'ml.c5.xlarge',
  'ml.c5.2xlarge',
  'ml.c5.4xlarge',
  'ml.c5.9xlarge',
  'ml.c5.18xlarge',
]);

function buildCatalog(table: readonly PriceRow[]): PriceCatalog {
  const prices: Record<string, InstancePrice> = {};
  for (const [instanceType, usdPerHour, sourceId] of table) {
    const { source, asOf } = SOURCES[sourceId];
    prices[instanceType] = Object.freeze({ instanceType, region: REGION, usdPerHour, source, asOf });
  }
  return Object.freeze({ regions: Object.freeze({ [REGION]: Object.freeze(prices) }) });
}

/**
 * On-demand SageMaker training prices for US East (N. Virginia) (`regions['us-east-1']`), one
 * {@link InstancePrice} per priced instance type, each with the `source` it was read from and
 * that source's date (`asOf`). Deep-frozen: assigning to it, to its region map or to an entry
 * throws in strict mode. Types without a trustworthy published price are absent (see
 * {@link UNPRICED_INSTANCE_TYPES}); prices change, so prefer {@link fetchTrainingPrices} where
 * the AWS Price List API is reachable.
 *
 * @example
 * ```ts
 * import { builtInTrainingPrices } from 'sagemaker-bench';
 *
 * const p3 = builtInTrainingPrices.regions['us-east-1']?.['ml.p3.2xlarge'];
 * console.log(p3?.usdPerHour, p3?.asOf); // 3.825 '2021-11-27'
 * const costOfTwoHoursOnFour = (p3?.usdPerHour ?? NaN) * 2 * 4; // 30.6
 * ```
 */
export const builtInTrainingPrices: PriceCatalog = buildCatalog(rows);
