// `farside export` on logs a real `run --sim` wrote: the CSV a user opens in a spreadsheet
// must hold every telemetry line (or event, or marker) of the log, value for value.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { JOINT_NAMES } from "../../firmware/board/config";
import { TELEMETRY_NAMES } from "../../firmware/protocol/telemetry";
import type { EventLine, LogLine, TelemetryLine } from "../../host-tools/src/runlog/format";
import { farside } from "../support/cli";

/** A CSV of farside's (no line breaks inside a field) as rows of fields, read character by character. */
function parseCsv(text: string): string[][] {
  expect(text.endsWith("\n")).toBe(true);
  return text
    .slice(0, -1)
    .split("\n")
    .map((row) => {
      const fields = [""];
      let quoted = false;
      for (let i = 0; i < row.length; i++) {
        const c = row[i];
        if (quoted && c === '"' && row[i + 1] === '"') fields[fields.length - 1] += row[i++];
        else if (c === '"') quoted = !quoted;
        else if (c === "," && !quoted) fields.push("");
        else fields[fields.length - 1] += c;
      }
      expect(quoted).toBe(false);
      return fields;
    });
}

function logLines(file: string): LogLine[] {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as LogLine);
}

describe("farside export", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "farside-export-"));
  const smokeLog = path.join(dir, "smoke.jsonl");
  const markersLog = path.join(dir, "markers.jsonl");

  beforeAll(async () => {
    const markers = path.join(dir, "markers.yaml");
    writeFileSync(
      markers,
      [
        "name: export markers",
        "board: esp32-devkitc",
        "phases:",
        "  - phase: scooping",
        "    steps:",
        `      - marker: 'site "A", scooped'`,
        "      - hold: 1s",
        "      - marker: second",
        "",
      ].join("\n"),
    );
    const runs = await Promise.all([
      farside("run", "--sim", "--mission", "missions/smoke.yaml", "--log", smokeLog),
      farside("run", "--sim", "--mission", markers, "--log", markersLog),
    ]);
    for (const run of runs) expect(run.code, run.err).toBe(0);
  }, 120_000);

  it("writes one row per telemetry line, lander time first, the joints in named columns", async () => {
    const { code, out, err } = await farside("export", smokeLog, "--csv");
    expect(err).toBe("");
    expect(code).toBe(0);
    const [header, ...rows] = parseCsv(out);
    expect(header!.slice(0, 3)).toEqual(["missionS", "nowMs", "mode"]);
    const jointsAt = header!.indexOf("shoulderDeg");
    expect(header!.slice(jointsAt, jointsAt + 4)).toEqual(["shoulderDeg", "elbowDeg", "wristDeg", "scoopDeg"]);
    // Every other telemetry field once, under the name the log gives it.
    expect(header!.filter((name) => !name.endsWith("Deg") && name !== "missionS")).toEqual(
      TELEMETRY_NAMES.filter((name) => name !== "joints"),
    );
    const telemetry = logLines(smokeLog).filter((line): line is TelemetryLine => line.type === "telemetry");
    expect(rows.length).toBe(telemetry.length);
    expect(rows.length).toBeGreaterThan(50);
    rows.forEach((row, i) => {
      const lander = telemetry[i]!.lander;
      const cell = (name: string): string => row[header!.indexOf(name)]!;
      expect(row).toHaveLength(header!.length);
      expect(Number(cell("nowMs"))).toBe(lander.nowMs);
      JOINT_NAMES.forEach((joint, j) => expect(Number(cell(`${joint}Deg`))).toBe(lander.joints[j]));
      expect(Number(cell("batteryVolts"))).toBe(lander.batteryVolts);
      expect(cell("armed")).toBe(String(lander.armed));
    });
    // Seconds from the mission's start on the lander's clock, as the report counts them.
    const times = rows.map((row) => Number(row[0]));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
    expect(times.at(-1)! - times[0]!).toBeCloseTo(
      (telemetry.at(-1)!.lander.nowMs - telemetry[0]!.lander.nowMs) / 1000,
      3,
    );
  });

  it("writes the lander's events with --events, their names where they have them", async () => {
    const { code, out } = await farside("export", smokeLog, "--events");
    expect(code).toBe(0);
    const [header, ...rows] = parseCsv(out);
    expect(header).toEqual(["missionS", "landerMs", "event", "value", "name"]);
    const events = logLines(smokeLog).filter((line): line is EventLine => line.type === "event");
    expect(rows).toEqual(
      events.map((e) => [expect.any(String), String(e.landerMs), e.event, String(e.value), e.name ?? ""]),
    );
    expect(rows).toContainEqual([expect.any(String), expect.any(String), "phase", "2", "drilling"]);
    // The mission's start is lander time 0.
    expect(rows.find((row) => row[2] === "mode" && row[4] === "running")?.[0]).toBe("0");
  });

  it("writes only the markers with --markers, quoting a name with a comma or a quote", async () => {
    const { code, out } = await farside("export", markersLog, "--markers");
    expect(code).toBe(0);
    expect(out.split("\n")[1]).toMatch(/^[\d.]+,\d+,0,"site ""A"", scooped"$/);
    const [header, ...rows] = parseCsv(out);
    expect(header).toEqual(["missionS", "landerMs", "marker", "name"]);
    expect(rows.map((row) => row.slice(2))).toEqual([
      ["0", 'site "A", scooped'],
      ["1", "second"],
    ]);
    expect(Number(rows[1]![0]) - Number(rows[0]![0])).toBeGreaterThanOrEqual(1);
  });

  it("writes to -o FILE and says where, and how many rows", async () => {
    const out = path.join(dir, "smoke.csv");
    const result = await farside("export", smokeLog, "-o", out);
    expect(result.code).toBe(0);
    const rows = readFileSync(out, "utf8").trim().split("\n").length - 1;
    expect(result.out).toBe(`csv: ${out} (${rows} telemetry rows)\n`);
    expect(readFileSync(out, "utf8")).toBe((await farside("export", smokeLog)).out);
  });

  it("refuses a missing log, a file that is not a log and both tables at once, in one line, exit 2", async () => {
    const notLog = path.join(dir, "notes.txt");
    writeFileSync(notLog, "hello\n");
    const cases: [string[], string][] = [
      [[path.join(dir, "none.jsonl")], `farside: run log ${path.join(dir, "none.jsonl")} does not exist\n`],
      [[notLog], `farside: ${notLog} is not a farside run log (no start line)\n`],
      [
        [smokeLog, "--events", "--markers"],
        "farside: option '--markers' cannot be used with option '--events' (farside export --help)\n",
      ],
      [[smokeLog, "-o", smokeLog], `farside: -o ${smokeLog} is the run log itself: give the CSV another file\n`],
    ];
    for (const [args, err] of cases) expect(await farside("export", ...args)).toEqual({ code: 2, out: "", err });
    // The log it refused to overwrite is whole.
    expect(logLines(smokeLog).at(-1)?.type).toBe("end");
  });
});
