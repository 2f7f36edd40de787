#!/usr/bin/env node
// `nx run workspace:dev` runs this (see the root project.json); `farm dev` is the same loop.
require('../../bin/run-main')(() => require('./cli').devMain);
