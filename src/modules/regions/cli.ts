import type { Command } from 'commander';
import type { CliContext } from '../../core/module.js';
import { importRegions, readRegionsDir } from './import.js';
import type { Location } from './locator.js';

/** `citywork regions import <dir>` and `citywork regions locate <lon> <lat>`. */
export function regionsCommands(program: Command, cli: CliContext): void {
  const regions = program.command('regions').description('the urban system: divisions, boundaries, locate');
  regions
    .command('import <dir>')
    .description('import regions from a folder laid out like a pack (regions/divisions.json, boundaries.geojson …), all or nothing')
    .action(async (dir: string) => {
      const counts = await cli.session(async (s) => {
        if (!s.direct) return s.request<Record<string, number>>('POST', '/api/regions/import', { dir });
        const bar = s.progress('regions import');
        try {
          return await importRegions(s.direct.kernel, s.direct.ctx, await readRegionsDir(dir), { onProgress: (d, t) => bar.update(d, t, 'records') });
        } finally {
          bar.stop();
        }
      });
      console.log(`imported ${Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    });
  regions
    .command('locate <lon> <lat>')
    .description('the region containing a point (WGS-84 unless --crs), with its ancestors')
    .option('--crs <crs>', 'wgs84, gcj02 or bd09', 'wgs84')
    .option('--json', 'as JSON')
    .action(async (lon: string, lat: string, o: { crs: string; json?: boolean }) => {
      const q = new URLSearchParams({ lon, lat, crs: o.crs });
      const found = await cli.session((s) => s.request<Location>('GET', `/api/regions/locate?${q}`));
      if (o.json) return console.log(JSON.stringify(found, null, 2));
      if (!found.region) return console.log(`no region contains ${lon}, ${lat}`);
      console.log([found.region, ...found.ancestors].map((r) => `${r.name} ${r.code} (${r.level})`).join(' < '));
      if (found.alsoOnBoundaryOf.length) console.log(`on the boundary with ${found.alsoOnBoundaryOf.map((r) => r.name).join(', ')}`);
    });
}
