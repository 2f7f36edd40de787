#!/usr/bin/env node
// A self-hosted Nx remote cache server; see ./cli.ts for options.
require('../../../bin/run-main')(() => require('./cli').cacheServerMain);
