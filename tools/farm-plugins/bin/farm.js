#!/usr/bin/env node
// The `farm` CLI. Sources are TypeScript (a local Nx plugin), so register the same
// transpiler Nx uses for local plugins before loading them.
require('@swc-node/register');
require('../src/cli/main').main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
