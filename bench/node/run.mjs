// Times the simulated world in wasm under Node (scripts/bench, row 2): runs SCENARIO to its end
// REPEATS times (best time kept), then a memcpy of the same number of payload octets in the same
// process. Prints one JSON object. Usage: node run.mjs PKG_DIR SCENARIO.json [REPEATS]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const [pkg, file, repeatsArg = '1'] = process.argv.slice(2);
if (!pkg || !file) { console.error('usage: node run.mjs PKG_DIR SCENARIO.json [REPEATS]'); process.exit(2); }
const wasm = createRequire(import.meta.url)(resolve(pkg, 'osi_session_bench_node.js'));
const json = readFileSync(file, 'utf8');
const scenario = JSON.parse(json);
const repeats = Number(repeatsArg);

let best = Infinity;
let summaries;
for (let i = 0; i < repeats; i++) {
  const t0 = performance.now();
  summaries = JSON.parse(wasm.run_scenario(json, 10000)).summaries;
  best = Math.min(best, (performance.now() - t0) / 1e3);
}
const bad = summaries.filter((s) => s.outcome !== 'released' || s.digest_match === false);
if (bad.length) { console.error(`run.mjs: ${bad.length} session(s) did not end released`); process.exit(1); }
const payload = summaries.reduce((n, s) => n + s.payload_sent, 0);

const copier = new wasm.Copier();
const t0 = performance.now();
copier.copy(payload);
const copySeconds = (performance.now() - t0) / 1e3;

console.log(JSON.stringify({
  profile: 'bench/node release profile, opt-level 3', node: process.version, repeats, seconds: best,
  file_size: scenario.sessions[0].app.file_transfer.size, payload_sent: payload,
  memcpy: { bytes: payload, seconds: copySeconds,
    method: 'memcpy in wasm: 16 KiB chunks between two 64 MiB buffers (copy_from_slice, black_box)' },
}));
