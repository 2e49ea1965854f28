import type { EndLine, EventLine, LogLine, StartLine, TelemetryLine, WorldLine } from "../runlog/format";
import { embedJson, uplotAssets } from "../web/uplot";
import type { ReadLog } from "./read-log";
import { duration, faultLabel, seconds } from "../labels";
import { sampleSummary } from "../sample-summary";
import { landerTimes, type LanderTimes } from "./lander-time";
import { REPORT_SCRIPT, TIMELINE_STYLE } from "./page-script";
import { phaseSpans, type PhaseSpan } from "./phases";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A moment on the lander's clock for a table cell; the lander's wait before the start is before 0. */
function moment(s: number | undefined): string {
  if (s === undefined) return "—";
  // What would print as "0.0 s before the start" is the start.
  return s <= -0.05 ? `${seconds(-s * 1000)} before the start` : seconds(Math.max(0, s) * 1000);
}

/** The plots' data: lander seconds from the mission's start on x, then the series. */
export function plotData(
  lines: readonly LogLine[],
  times: LanderTimes = landerTimes(lines),
): { joints: number[][]; drill: number[][]; supply: number[][] } {
  const telemetry = lines.flatMap((line, i) =>
    line.type === "telemetry" && times.atS[i] !== undefined ? [{ line, s: times.atS[i] }] : [],
  );
  const t = telemetry.map(({ s }) => s);
  const column = (pick: (line: TelemetryLine) => number): number[] => telemetry.map(({ line }) => pick(line));
  return {
    joints: [t, ...[0, 1, 2, 3].map((i) => column((line) => line.lander.joints[i] ?? 0))],
    drill: [t, column((line) => line.lander.depthMm), column((line) => line.lander.loadAmps)],
    supply: [t, column((line) => line.lander.batteryVolts)],
  };
}

/** The phase strip: each phase's block, its label fitted to its width in the page (page-script.ts). */
function timelineStrip(spans: readonly PhaseSpan[]): string {
  const blocks = spans.map((span, i) => {
    const title = `${i + 1} ${span.name}: ${moment(span.startS)} to ${moment(span.endS)} (${duration((span.endS - span.startS) * 1000)})`;
    return `<div class="phase" data-start="${span.startS}" data-end="${span.endS}" title="${escapeHtml(title)}"><span class="label" data-name="${escapeHtml(span.name)}" data-key="${i + 1}">${escapeHtml(span.name)}</span></div>`;
  });
  return spans.length === 0 ? "" : `<div id="timeline" class="timeline">${blocks.join("")}</div>`;
}

/** What a notable event says in the markers table. */
function notableText(e: EventLine): string {
  if (e.event === "reset") return `reset${e.name ? ` (${e.name})` : ""}`;
  if (e.event === "armed") return e.value ? "armed" : "disarmed";
  return e.name || `marker ${e.value}`;
}

/** A self-contained HTML report of one run. */
export function renderReport(log: ReadLog, source: string): string {
  const { lines } = log;
  const times = landerTimes(lines);
  const start = lines.find((line): line is StartLine => line.type === "start");
  const end = lines.find((line): line is EndLine => line.type === "end");
  const world = lines.filter((line): line is WorldLine => line.type === "world").at(-1);
  const events = lines.flatMap((line, i) => (line.type === "event" ? [{ e: line, s: times.atS[i] }] : []));
  const faults = events.filter(({ e }) => e.event === "fault" && e.value !== 0);
  // `run` logs a reset it noticed (value -1) as well as the lander's own, which names the reason:
  // one reset is one row.
  const landerResets = events.filter(({ e }) => e.event === "reset" && e.value >= 0);
  const sameReset = (s: number | undefined): boolean =>
    landerResets.some((r) => s !== undefined && r.s !== undefined && Math.abs(r.s - s) < 2);
  const notable = events.filter(
    ({ e, s }) =>
      e.event === "marker" || e.event === "armed" || (e.event === "reset" && (e.value >= 0 || !sameReset(s))),
  );
  const outcome = end
    ? `${end.outcome}${end.fault && end.fault !== end.outcome ? ` (${end.fault})` : ""}`
    : "the log ends without an end line: the run was cut short";
  const spans = phaseSpans(lines, times);
  const resets = times.resetsS.length;
  const { script, style } = uplotAssets();
  const row = (cells: readonly string[]): string =>
    `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`;
  const title = start ? start.mission : source;
  const data = {
    ...plotData(lines, times),
    range: [Math.min(0, times.firstS), Math.max(times.lastS, times.endS)],
    phases: spans,
    faults: faults.map(({ e, s }) => ({ s: s ?? 0, name: e.name ?? faultLabel(e.value) })),
    resets: times.resetsS,
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}: farside run report</title>
<style>${style}
body{font:15px system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222}
h1{font-size:1.5em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
.chart{margin:1em 0}.note{color:#666}${TIMELINE_STYLE}</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(start ? `${start.board} on ${start.port}, started ${start.started}, farside ${start.farside}${start.lastReset ? `; the lander's last reset: ${start.lastReset}` : ""}` : `from ${source}`)}</p>
<p><b>Outcome:</b> ${escapeHtml(outcome)}. <b>Duration:</b> <span id="duration">${escapeHtml(duration(times.endS * 1000))}</span> on the lander's clock, ${times.started ? "from the mission's start" : "from the log's first lander time (the log does not show the start)"}${times.lastS - times.endS >= 0.05 ? ` to its end (the log carries on ${escapeHtml(duration((times.lastS - times.endS) * 1000))} after)` : ""}.</p>
<p class="note">Every time here is the lander's own clock, counted from the mission's start.${resets > 0 ? ` The lander reset ${resets === 1 ? "once" : `${resets} times`} and its clock started again: the time carries on from its last reading before each reset (the dashed lines).` : ""}</p>
${log.runs > 1 ? `<p class="note">This log holds ${log.runs} runs (the same --log was given again); this report covers the last.</p>` : ""}
${log.unreadable > 0 ? `<p class="note">${log.unreadable} unreadable line${log.unreadable === 1 ? "" : "s"} skipped.</p>` : ""}
${log.truncated ? `<p class="note">The last line was cut off (the run stopped while writing it) and is left out.</p>` : ""}
<h2>Samples</h2>
<p>${escapeHtml(
    world ? `${sampleSummary(world).replace(/^c/, "C")}.` : "Not measured (a real board: weigh the container).",
  )}</p>
<h2>Joint angles</h2>${timelineStrip(spans)}<div class="chart" id="joints"></div>
<h2>Drill depth and load</h2><div class="chart" id="drill"></div>
<h2>Supply voltage</h2><div class="chart" id="supply"></div>
<h2>Phases</h2>
<table id="phases"><tr><th>#</th><th>phase</th><th>start</th><th>end</th><th>duration</th></tr>
${spans.map((s, i) => row([String(i + 1), s.name, moment(s.startS), moment(s.endS), duration((s.endS - s.startS) * 1000)])).join("\n")}
</table>
<h2>Faults</h2>
${faults.length === 0 ? "<p>None.</p>" : `<table id="faults"><tr><th>time</th><th>fault</th></tr>${faults.map(({ e, s }) => row([moment(s), e.name ?? faultLabel(e.value)])).join("")}</table>`}
<h2>Markers, resets and arming</h2>
${notable.length === 0 ? "<p>None.</p>" : `<table id="markers"><tr><th>time</th><th>what</th></tr>${notable.map(({ e, s }) => row([moment(s), notableText(e)])).join("")}</table>`}
<script type="application/json" id="data">${embedJson(data)}</script>
<script>${script}</script>
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
}
