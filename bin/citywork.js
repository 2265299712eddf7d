#!/usr/bin/env -S node --max-semi-space-size=128
// The installed command: runs the compiled CLI (npm install builds it). V8's young generation
// at 128 MB semi-spaces (Node's default is 16): the telemetry ingest's messages live a batch
// long, ~0.1–0.3 s, and at the default were promoted to the old space and collected there by
// full GCs (bench/telemetry at 90,000 readings/s: p99 264 ms at 16 MB, 145–220 at 64, 172 at
// 128 over 60 s, with a third of the scavenges). `npm start` and `citywork bench` pass it too.
import { main } from '../dist/cli.js';
await main();
