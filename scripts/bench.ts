// Synth-time benchmark: the app-only time (App + addFleet + app.synth into a temp dir, no process
// start-up) for fleets of 1, 10 and 50 environments. Prints figures; asserts nothing.
// Targets (issue 5): <= 0.5 s for one environment, <= 30 ms for each extra one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from 'cdktf';
import { addFleet } from '../lib/app';
import { SrsEnvironmentSpec } from '../lib/model/environment';

const SIZES = [1, 10, 50];
const RUNS = 5;
const variables = { SRS_API_PASSWORD: 'benchmark-password-0123456789' };

function synthOnce(count: number): number {
  const outdir = mkdtempSync(join(tmpdir(), 'srs-kit-bench-'));
  const environments: SrsEnvironmentSpec[] = Array.from({ length: count }, (_, i) => ({ name: `env-${i}` }));
  const start = performance.now();
  const app = new App({ outdir });
  addFleet(
    app,
    { hostPortRange: { from: 20000, to: 29999 }, environments },
    { variables, log: () => undefined },
  );
  app.synth();
  const elapsed = performance.now() - start;
  rmSync(outdir, { recursive: true, force: true });
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const first = synthOnce(1); // the first run pays for loading modules; reported apart
const results = SIZES.map((count) => {
  const times = Array.from({ length: RUNS }, () => synthOnce(count));
  return { count, median: median(times), min: Math.min(...times), max: Math.max(...times) };
});

console.log(`cold first synth (1 environment, includes module loading): ${first.toFixed(1)} ms`);
console.log('environments | median ms | min ms | max ms');
for (const r of results) {
  console.log(
    `${String(r.count).padStart(12)} | ${r.median.toFixed(1).padStart(9)} | ${r.min.toFixed(1).padStart(6)} | ${r.max.toFixed(1).padStart(6)}`,
  );
}
const one = results.find((r) => r.count === 1)!.median;
const fifty = results.find((r) => r.count === 50)!.median;
const perExtra = (fifty - one) / 49;
console.log(`per extra environment (1 -> 50): ${perExtra.toFixed(2)} ms (target <= 30 ms)`);
console.log(`one environment: ${one.toFixed(1)} ms (target <= 500 ms)`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
