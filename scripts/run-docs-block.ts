/**
 * Runs one code block of the docs (a module written by scripts/check-docs.ts) for
 * scripts/run-docs.ts: `node --import tsx scripts/run-docs-block.ts <block.ts>`. A block that
 * throws, now or later (an uncaught exception, an unhandled rejection), exits with
 * {@link BLOCK_THREW}; an exit code the block sets itself (`process.exitCode = 1`) is left as it is.
 *
 * @example
 * ```sh
 * node --import tsx scripts/run-docs-block.ts .docs-check/123/docs_builder_md_L8.ts
 * ```
 */
import { pathToFileURL } from 'node:url';

/** The exit code of a block that threw. */
export const BLOCK_THREW = 70;

const file = process.argv[2];
if (file !== undefined && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const threw = (error: unknown) => {
    console.error('[check:docs] the block threw:', error);
    process.exit(BLOCK_THREW);
  };
  process.on('uncaughtException', threw);
  process.on('unhandledRejection', threw);
  try {
    await import(pathToFileURL(file).href);
  } catch (error) {
    threw(error);
  }
}
