// Copies what tsc does not: each module's SQL migrations, next to the compiled code.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name === 'migrations') cpSync(full, full.replace(/^src/, 'dist'), { recursive: true });
      else walk(full);
    }
  }
}
if (existsSync('src')) walk('src');
