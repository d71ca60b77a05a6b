#!/usr/bin/env node
/* global require */
// CommonJS (bin/package.json): the launcher loads the CLI bundle with V8's code cache.
require('../dist/launch.js');
