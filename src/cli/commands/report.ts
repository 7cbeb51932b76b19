/** `sagemaker-bench report <journal>`: the reports of a sweep from its journal, even of a sweep still running or interrupted. */
import { resolve } from 'node:path';
import { readSweepJournal, sweepReport } from '../../index';
import { Option } from '@commander-js/extra-typings';
import type { Command } from '@commander-js/extra-typings';
import type { Runner } from '../main';
import { target } from '../internal/flagParsers';
import { writeReportFiles } from '../internal/writeReportFiles';

export function registerReport(program: Command, run: Runner): void {
  const command = program
    .command('report')
    .argument('<journal>', "a sweep's journal (sweep.jsonl)")
    .description("a sweep's report from its journal: Markdown, CSV, JSON or HTML, with SVG charts in -o DIR")
    .addOption(new Option('--format <format>', 'the report format (default markdown; with -o, every format)').choices(['markdown', 'csv', 'json', 'html'] as const))
    .option('-o, --output <dir>', 'write report.md/.csv/.json/.html (or only --format) and the charts into this folder')
    .option('--target <metric=value>', 'time and dollars to reach a metric, e.g. val_accuracy=0.9', target)
    .option('--title <title>', 'the title of the report')
    .addHelpText('after', '\nExamples:\n  $ sagemaker-bench report sweep-report/sweep.jsonl\n  $ sagemaker-bench report sweep.jsonl --format csv > runs.csv\n  $ sagemaker-bench report sweep.jsonl -o paper/ --target val_accuracy=0.9\n');
  command.action(async (journal, flags) =>
    run(command, async (ctx) => {
      const result = await readSweepJournal(resolve(ctx.io.cwd, journal));
      const common = { ...(flags.target === undefined ? {} : { target: flags.target }), ...(flags.title === undefined ? {} : { title: flags.title }) };
      if (flags.output !== undefined) {
        const written = await writeReportFiles(resolve(ctx.io.cwd, flags.output), result, { ...common, ...(flags.format === undefined ? {} : { formats: [flags.format] }) });
        if (ctx.json) ctx.printJson({ files: written });
        else for (const file of written) ctx.out(file);
        return 0;
      }
      const format = ctx.json ? 'json' : (flags.format ?? 'markdown');
      ctx.raw(sweepReport(result, { format, ...common }).replace(/\n?$/, '\n'));
      return 0;
    }),
  );
}
