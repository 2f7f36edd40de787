#!/usr/bin/env node
// A self-hosted Nx remote cache server; see ./cli.ts for options.
require('@swc-node/register');
require('./cli').cacheServerMain(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
