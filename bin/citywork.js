#!/usr/bin/env node
// The installed command: runs the compiled CLI (npm install builds it).
import { main } from '../dist/cli.js';
await main();
