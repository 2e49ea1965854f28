// A run log as CSV, for a spreadsheet or a plotting script: one row per telemetry line, lander
// event or marker. Every table starts with the lander's time on the report's own axis
// (lander-time.ts: seconds from the mission's start, continuous across a reset), so a chart
// drawn from the CSV lines up with the report's.
import { JOINT_NAMES } from "../../../firmware/board/config";
import { TELEMETRY_NAMES } from "../../../firmware/protocol/telemetry";
import type { EventLine, LogLine, TelemetryLine } from "../runlog/format";
import { landerTimes } from "./lander-time";
import type { ReadLog } from "./read-log";

/** What `farside export` can write; telemetry unless asked otherwise. */
export const CSV_TABLES = ["telemetry", "events", "markers"] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/** Seconds on the lander's clock from the mission's start: every table's first column. */
const TIME_COLUMN = "missionS";

type Cell = string | number | boolean | undefined;

interface Table<L extends LogLine> {
  readonly columns: readonly string[];
  readonly takes: (line: LogLine) => line is L;
  readonly cells: (line: L) => readonly Cell[];
}

interface Column<L> {
  readonly name: string;
  readonly read: (line: L) => Cell;
}

/** Every telemetry field in wire order, as the log names it; the joints one column each, by joint. */
const telemetryColumns: readonly Column<TelemetryLine>[] = TELEMETRY_NAMES.flatMap((name): Column<TelemetryLine>[] =>
  name === "joints"
    ? JOINT_NAMES.map((joint, index) => ({
        name: `${joint}Deg`,
        read: (line: TelemetryLine) => line.lander.joints[index],
      }))
    : [{ name, read: (line: TelemetryLine) => line.lander[name] as Cell }],
);

const telemetry: Table<TelemetryLine> = {
  columns: telemetryColumns.map((column) => column.name),
  takes: (line): line is TelemetryLine => line.type === "telemetry",
  cells: (line) => telemetryColumns.map((column) => column.read(line)),
};

const isEvent = (line: LogLine): line is EventLine => line.type === "event";

const events: Table<EventLine> = {
  columns: ["landerMs", "event", "value", "name"],
  takes: isEvent,
  cells: (line) => [line.landerMs, line.event, line.value, line.name],
};

// A replay's markers are the host's (landerMs -1): their time is placed between the lander's.
const markers: Table<EventLine> = {
  columns: ["landerMs", "marker", "name"],
  takes: (line): line is EventLine => isEvent(line) && line.event === "marker",
  cells: (line) => [line.landerMs, line.value, line.name],
};

const TABLES: Readonly<Record<CsvTable, Table<TelemetryLine> | Table<EventLine>>> = { telemetry, events, markers };

/** One CSV field: quoted when it holds a comma, a quote or a line break (a marker's name may). */
function field(value: Cell): string {
  if (value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Ms precision: the lander's clock counts whole ms. */
const atSeconds = (s: number | undefined): Cell => (s === undefined ? undefined : Number(s.toFixed(3)));

/** The CSV of one table of a run log's (last) run, header first, and how many rows it has. */
export function logCsv(log: ReadLog, what: CsvTable): { text: string; rows: number } {
  const table = TABLES[what] as Table<LogLine>;
  const times = landerTimes(log.lines).atS;
  const rows = log.lines.flatMap((line, i) =>
    table.takes(line) ? [[atSeconds(times[i]), ...table.cells(line)].map(field).join(",")] : [],
  );
  const header = [TIME_COLUMN, ...table.columns].join(",");
  return { text: [header, ...rows].join("\n") + "\n", rows: rows.length };
}
