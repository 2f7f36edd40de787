#!/usr/bin/env node
// The `farm` CLI (farm plugin …, farm dev).
require('./run-main')(() => require('../src/cli/main').main);
