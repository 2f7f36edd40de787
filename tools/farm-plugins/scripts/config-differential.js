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
const { generateConfigCases, loadDifferentialFixtures } = require('../src/core/testing/config-cases');
const { runConfigDifferential } = require('../src/core/testing/config-differential');

function parseArgs(argv) {
  const args = { count: 1000, seed: 14, configs: 6, json: false, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--count') args.count = Number(value());
    else if (flag === '--seed') args.seed = Number(value());
    else if (flag === '--configs') args.configs = Number(value());
    else if (flag === '--json') args.json = true;
    else if (flag === '--out') args.out = resolve(value());
    else throw new Error(`unknown option ${argv[i]} (see the header of tools/farm-plugins/scripts/config-differential.js)`);
  }
  for (const key of ['count', 'seed', 'configs']) {
    if (!Number.isInteger(args[key]) || args[key] < (key === 'seed' ? 0 : 1)) throw new Error(`--${key} takes a ${key === 'seed' ? 'non-negative' : 'positive'} integer`);
  }
  return args;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    return 2;
  }
  const started = Date.now();
  const fixtures = loadDifferentialFixtures();
  const report = { seed: args.seed, fixtures: fixtures.length, ...(await runConfigDifferential([...fixtures, ...generateConfigCases(args.seed, args.count, args.configs)])) };
  if (args.out) writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`config differential, seed ${report.seed}: ${report.schemas} schemas (${report.fixtures} fixtures, ${report.refusedSchemas} refused by FARM), ${report.configs} configs (${report.accepted} accepted, ${report.refused} refused by integrate) in ${seconds} s`);
    for (const d of report.disagreements.slice(0, 20)) console.log(`  ${d.kind} ${d.case}${d.config === undefined ? '' : ` config ${d.config}`}: ${d.detail}`);
    if (report.disagreements.length > 20) console.log(`  … ${report.disagreements.length - 20} more (--json or --out for all)`);
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
