// `npm run bench`: builds the firmware bundle and the benchmark, then runs it (bench/run.ts).
import { spawnSync } from "node:child_process";
import { buildAll, buildBench } from "./build.mjs";

await buildAll();
await buildBench();
const run = spawnSync(process.execPath, ["dist/bench.js"], { stdio: "inherit" });
process.exit(run.status ?? 1);
