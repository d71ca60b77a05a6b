#!/usr/bin/env node
import '../dist/borgboi.js';
