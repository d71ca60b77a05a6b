#!/usr/bin/env node
/* global require */
// CommonJS (bin/package.json): the launcher runs the CLI bundle with V8's code cache.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file
require('../dist/launch.js');
