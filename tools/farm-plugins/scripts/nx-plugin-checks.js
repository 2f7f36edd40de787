#!/usr/bin/env node
// The @nx/nx-plugin-checks lint rule, by hand (no @nx/eslint-plugin for Nx 24): checks
// package.json → executors.json / generators.json → every implementation, factory and schema.json
// of @farm/plugins (or of the plugin folder given). See src/nx-plugin-checks/check-nx-plugin.ts.
// Part of `npm run lint` and of `nx run farm-plugins:lint`.
require('@swc-node/register');
const { join, resolve } = require('node:path');
const { checkNxPlugin, formatPluginCheckProblems } = require('../src/nx-plugin-checks/check-nx-plugin');

const root = process.argv[2] ? resolve(process.argv[2]) : join(__dirname, '..');
const problems = checkNxPlugin(root);
if (problems.length) {
  console.error(`${formatPluginCheckProblems(problems)}\n${problems.length} problem(s) in the Nx plugin at ${root}`);
  process.exitCode = 1;
}
