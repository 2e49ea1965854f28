import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Every XS test's computrons, for the run on WebAssembly to hold to the native run's.
    setupFiles: ["test/support/xs-ledger.ts"],
    testTimeout: 60_000,
    // A setup that boots the simulator and launches Chromium took over vitest's default 10 s on
    // a loaded two-core machine: the hooks get the tests' own minute.
    hookTimeout: 60_000,
    // Most test files spend their time waiting on a real pty, a simulator in real time or an
    // emulated bootloader at its baud rate, not on the CPU: vitest's default (one worker per
    // core but one) left a two-core machine mostly idle. Four at once halve `npm test`'s wall
    // time there; the tests' figures are counts and lander time, so contention moves none.
    maxWorkers: 4,
  },
});
