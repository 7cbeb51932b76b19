/**
 * `sagemaker-bench/testing` is its own entry: the main entry never reaches it, it loads no test
 * framework (so it works under vitest, jest and node:test alike), and it exports what the docs say.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as testing from '../../src/testing/index';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every module a source file reaches by static and dynamic imports: src files by path, packages by name. */
function reach(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [resolve(root, entry)];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) {
        packages.add(fileName);
        continue;
      }
      const base = resolve(dirname(file), fileName);
      const found = [`${base}.ts`, join(base, 'index.ts'), base].find((candidate) => existsSync(candidate) && candidate.endsWith('.ts'));
      if (found === undefined) throw new Error(`${relative(root, file)}: cannot resolve ${fileName}`);
      todo.push(found);
    }
  }
  return { files, packages };
}

describe('the sagemaker-bench/testing entry', () => {
  it('is never reached from the main entry, so importing sagemaker-bench costs nothing for it', () => {
    const { files } = reach('src/index.ts');

    expect(files.size).toBeGreaterThan(50);
    expect([...files].map((file) => relative(root, file)).filter((file) => file.startsWith('src/testing'))).toEqual([]);
  });

  it('imports no test framework, only Node, the AWS SDK and what the library itself depends on', () => {
    const { files, packages } = reach('src/testing/index.ts');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
    };
    const shipped = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]);
    const packageOf = (name: string) => name.split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/');

    expect([...files].every((file) => relative(root, file).startsWith('src/'))).toBe(true);
    expect([...packages].filter((name) => !name.startsWith('node:') && !name.startsWith('@aws-sdk/') && !shipped.has(packageOf(name)))).toEqual([]);
    expect([...packages].filter((name) => /^(node:test|vitest|jest|mocha|@jest\/|@vitest\/)/.test(name))).toEqual([]);
  });

  it('reaches the library through its public entry only, so the build shares its classes', () => {
    const imports = [...reach('src/testing/index.ts').files]
      .filter((file) => relative(root, file).startsWith('src/testing/'))
      .flatMap((file) => ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map(({ fileName }) => ({ file, fileName })))
      .filter(({ fileName }) => fileName.startsWith('.'))
      .map(({ file, fileName }) => relative(root, resolve(dirname(file), fileName)))
      .filter((target) => !target.startsWith('src/testing/'));

    // Types may come from anywhere (erased); values from src/index only. preProcessFile does not tell
    // the two apart, so the value imports are checked in the build (scripts/smoke-bin.sh) and here
    // by the modules that hold classes: errors and clients.
    expect(imports.filter((target) => /^src\/(errors|jobs\/createClients)$/.test(target))).toEqual([]);
  });

  it('exports the helpers the docs describe, and nothing else at run time', () => {
    expect(Object.keys(testing).sort()).toEqual([
      'MotoNotAvailableError',
      'MotoServerError',
      'clientsFor',
      'fakeCredentials',
      'faultMix',
      'motoAvailable',
      'seedBucket',
      'seedLogStream',
      'seedTrainingJob',
      'startFaultProxy',
      'startMoto',
      'tenPercentFaults',
    ]);
  });
});
