#!/usr/bin/env -S node --max-semi-space-size=64
// The installed command: runs the compiled CLI (npm install builds it). V8's young generation
// at 64 MB semi-spaces (Node's default is 16): the telemetry ingest's messages live a batch
// long, ~0.1–0.3 s, and were promoted to the old space and collected there by full GCs at
// 90,000 readings/s (bench/telemetry: p99 264 → 145 ms). `npm start` and `citywork bench` pass it too.
import { main } from '../dist/cli.js';
await main();
