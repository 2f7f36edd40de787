#!/usr/bin/env node
// The differential test of issue 14: seeded configSchemas and configs, read by integrate (defaults
// filled, ajv) and by the generated pydantic model and TypeScript type; every disagreement listed.
// Every run reads the fixtures first (src/core/emit/config-types/__fixtures__/differential: each
// disagreement found so far, made a case). See docs/manifest.md, "Config semantics".
//
//   npm run config-differential                      1,000 schemas, seed 14, 6 configs each
//   npm run config-differential -- --count 50 --seed 7 --configs 4
//   npm run config-differential -- --json            the whole report as JSON on stdout
//   npm run config-differential -- --out FILE        and written to FILE
//
// Exit code: 0 when nothing disagrees, 1 when something does, 2 when the options are wrong.
require('@swc-node/register');
const { writeFileSync } = require('node:fs');
const { resolve } = require('node:path');
const { parseArgs } = require('node:util');
const { generateConfigCases, loadDifferentialFixtures } = require('../src/core/testing/config-cases');
const { runConfigDifferential } = require('../src/core/testing/config-differential');

/**
 * The options (node:util parseArgs, strict: an unknown option or a missing value is an error).
 * @param {string[]} argv
 */
function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      count: { type: 'string' },
      seed: { type: 'string' },
      configs: { type: 'string' },
      json: { type: 'boolean' },
      out: { type: 'string' },
    },
  });
  /** @param {'count' | 'seed' | 'configs'} name @param {number} fallback @param {number} min */
  const integer = (name, fallback, min) => {
    const text = values[name];
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < min)
      throw new Error(`--${name} takes a ${min === 0 ? 'non-negative' : 'positive'} integer, got "${text}"`);
    return Number(text);
  };
  if (values.out === '') throw new Error('--out needs a file name');
  return {
    count: integer('count', 1000, 1),
    seed: integer('seed', 14, 0),
    configs: integer('configs', 6, 1),
    json: values.json === true,
    out: values.out === undefined ? undefined : resolve(values.out),
  };
}

async function main() {
  let args;
  try {
    args = readOptions(process.argv.slice(2));
  } catch (error) {
    console.error(
      `config-differential: ${/** @type {Error} */ (error).message} (see the header of tools/farm-plugins/scripts/config-differential.js)`,
    );
    return 2;
  }
  const started = Date.now();
  const fixtures = loadDifferentialFixtures();
  const report = {
    seed: args.seed,
    fixtures: fixtures.length,
    ...(await runConfigDifferential([...fixtures, ...generateConfigCases(args.seed, args.count, args.configs)])),
  };
  if (args.out) writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `config differential, seed ${report.seed}: ${report.schemas} schemas (${report.fixtures} fixtures, ${report.refusedSchemas} refused by FARM), ${report.configs} configs (${report.accepted} accepted, ${report.refused} refused by integrate) in ${seconds} s`,
    );
    for (const d of report.disagreements.slice(0, 20))
      console.log(`  ${d.kind} ${d.case}${d.config === undefined ? '' : ` config ${d.config}`}: ${d.detail}`);
    if (report.disagreements.length > 20)
      console.log(`  … ${report.disagreements.length - 20} more (--json or --out for all)`);
    console.log(`${report.disagreements.length} disagreement(s)`);
  }
  return report.disagreements.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
