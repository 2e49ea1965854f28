// What a run-log line must look like for the report to use it: a log edited by hand, cut by a
// crash or written by another version must be skipped line by line, never crash the report.
const number = { type: "number" } as const;
const string = { type: "string" } as const;

const when = (type: string, then: object) => ({ if: { properties: { type: { const: type } } }, then });

export const LOG_LINE_SCHEMA = {
  type: "object",
  required: ["t", "type"],
  properties: {
    t: number,
    type: { enum: ["start", "telemetry", "event", "command", "world", "end"] },
  },
  allOf: [
    when("start", {
      required: ["mission", "board", "port", "started"],
      properties: {
        mission: string,
        board: string,
        port: string,
        how: string,
        farside: string,
        started: string,
        lastReset: string,
      },
    }),
    when("telemetry", {
      required: ["lander"],
      properties: {
        lander: {
          type: "object",
          required: ["nowMs", "mode", "phase", "step", "fault", "joints", "depthMm", "rpm", "loadAmps", "batteryVolts"],
          properties: {
            nowMs: number,
            mode: number,
            phase: number,
            step: number,
            fault: number,
            joints: { type: "array", items: number, minItems: 4, maxItems: 4 },
            depthMm: number,
            rpm: number,
            loadAmps: number,
            batteryVolts: number,
          },
        },
      },
    }),
    when("event", {
      required: ["event", "value", "landerMs"],
      properties: { event: string, value: number, name: string, landerMs: number },
    }),
    when("command", { required: ["command", "result"], properties: { command: string, result: string } }),
    when("world", {
      required: ["containerG", "spilledG", "coreMm", "scoops"],
      properties: { containerG: number, spilledG: number, coreMm: number, scoops: number, supplyVolts: number },
    }),
    when("end", {
      required: ["outcome"],
      properties: {
        outcome: { enum: ["complete", "fault", "aborted", "interrupted", "lost", "detached"] },
        fault: string,
      },
    }),
  ],
} as const;
