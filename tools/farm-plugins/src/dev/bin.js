#!/usr/bin/env node
// `nx run workspace:dev` runs this (see the root project.json). The sources are TypeScript, so
// register the transpiler Nx uses for local plugins first, as bin/farm.js does.
require('@swc-node/register');
require('./cli').devMain(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
