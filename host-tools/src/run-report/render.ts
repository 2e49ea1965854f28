import type { EndLine, EventLine, LogLine, StartLine, TelemetryLine, WorldLine } from "../runlog/format";
import { embedJson, uplotAssets } from "../web/uplot";
import type { ReadLog } from "./read-log";
import { duration, faultLabel, phaseLabel, seconds } from "../labels";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface PhaseSpan {
  readonly name: string;
  readonly startS: number;
  readonly endS: number;
}

/** The plots' data: host seconds on x (the lander's clock restarts after a reset), then series. */
export function plotData(lines: readonly LogLine[]): { joints: number[][]; drill: number[][]; supply: number[][] } {
  const telemetry = lines.filter((line): line is TelemetryLine => line.type === "telemetry");
  const t = telemetry.map((line) => line.t / 1000);
  const column = (pick: (line: TelemetryLine) => number): number[] => telemetry.map(pick);
  return {
    joints: [t, ...[0, 1, 2, 3].map((i) => column((line) => line.lander.joints[i] ?? 0))],
    drill: [t, column((line) => line.lander.depthMm), column((line) => line.lander.loadAmps)],
    supply: [t, column((line) => line.lander.batteryVolts)],
  };
}

export function phaseSpans(lines: readonly LogLine[]): PhaseSpan[] {
  const spans: PhaseSpan[] = [];
  const endS = (lines.at(-1)?.t ?? 0) / 1000;
  for (const line of lines) {
    if (line.type !== "event" || line.event !== "phase") continue;
    const previous = spans.at(-1);
    if (previous) spans[spans.length - 1] = { ...previous, endS: line.t / 1000 };
    spans.push({ name: line.name ?? phaseLabel(line.value), startS: line.t / 1000, endS });
  }
  return spans;
}

/** A self-contained HTML report of one run. */
export function renderReport(log: ReadLog, source: string): string {
  const { lines } = log;
  const start = lines.find((line): line is StartLine => line.type === "start");
  const end = lines.find((line): line is EndLine => line.type === "end");
  const world = lines.filter((line): line is WorldLine => line.type === "world").at(-1);
  const events = lines.filter((line): line is EventLine => line.type === "event");
  const faults = events.filter((e) => e.event === "fault" && e.value !== 0);
  const notable = events.filter((e) => e.event === "marker" || e.event === "reset" || e.event === "armed");
  const durationMs = lines.at(-1)?.t ?? 0;
  const outcome = end
    ? `${end.outcome}${end.fault ? ` (${end.fault})` : ""}`
    : "the log ends without an end line: the run was cut short";
  const spans = phaseSpans(lines);
  const { script, style } = uplotAssets();
  const row = (cells: readonly string[]): string =>
    `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`;
  const title = start ? start.mission : source;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}: farside run report</title>
<style>${style}
body{font:15px system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222}
h1{font-size:1.5em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
.chart{margin:1em 0}.note{color:#666}</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(start ? `${start.board} on ${start.port}, started ${start.started}, farside ${start.farside}${start.lastReset ? `; the lander's last reset: ${start.lastReset}` : ""}` : `from ${source}`)}</p>
<p><b>Outcome:</b> ${escapeHtml(outcome)}. <b>Duration:</b> ${escapeHtml(duration(durationMs))}.</p>
${log.runs > 1 ? `<p class="note">This log holds ${log.runs} runs (the same --log was given again); this report covers the last.</p>` : ""}
${log.unreadable > 0 ? `<p class="note">${log.unreadable} unreadable line${log.unreadable === 1 ? "" : "s"} skipped.</p>` : ""}
${log.truncated ? `<p class="note">The last line was cut off (the run stopped while writing it) and is left out.</p>` : ""}
<h2>Samples</h2>
<p>${escapeHtml(
    world
      ? `${world.containerG.toFixed(1)} g in the container: a ${world.coreMm.toFixed(0)} mm core and ${world.scoops} scoop${world.scoops === 1 ? "" : "s"}${world.spilledG > 0 ? `; ${world.spilledG.toFixed(1)} g spilled` : ""}.`
      : "Not measured (a real board: weigh the container).",
  )}</p>
<h2>Joint angles</h2><div class="chart" id="joints"></div>
<h2>Drill depth and load</h2><div class="chart" id="drill"></div>
<h2>Supply voltage</h2><div class="chart" id="supply"></div>
<h2>Phases</h2>
<table id="phases"><tr><th>phase</th><th>start</th><th>end</th><th>duration</th></tr>
${spans.map((s) => row([s.name, seconds(s.startS * 1000), seconds(s.endS * 1000), duration((s.endS - s.startS) * 1000)])).join("\n")}
</table>
<h2>Faults</h2>
${faults.length === 0 ? "<p>None.</p>" : `<table id="faults"><tr><th>time</th><th>fault</th></tr>${faults.map((f) => row([seconds(f.t), f.name ?? faultLabel(f.value)])).join("")}</table>`}
<h2>Markers, resets and arming</h2>
${notable.length === 0 ? "<p>None.</p>" : `<table id="markers"><tr><th>time</th><th>what</th></tr>${notable.map((e) => row([seconds(e.t), e.event === "reset" ? `reset${e.name ? ` (${e.name})` : ""}` : e.event === "armed" ? (e.value ? "armed" : "disarmed") : (e.name ?? `marker ${e.value}`)])).join("")}</table>`}
<script type="application/json" id="data">${embedJson({ ...plotData(lines), phases: spans, faults: faults.map((f) => ({ s: f.t / 1000, name: f.name ?? faultLabel(f.value) })) })}</script>
<script>${script}</script>
<script>
const data = JSON.parse(document.getElementById("data").textContent);
const width = Math.min(960, document.body.clientWidth);
const time = { label: "time (s)" };
// Behind every chart: the phases as alternating bands, named at the top, and each fault as a
// red line, so a dip or a spike can be read against what the lander was doing.
function marks(u) {
  const ctx = u.ctx;
  const { left, top, width: w, height: h } = u.bbox;
  const x = (s) => Math.min(left + w, Math.max(left, u.valToPos(s, "x", true)));
  ctx.save();
  ctx.font = 10 * devicePixelRatio + "px system-ui, sans-serif";
  data.phases.forEach((p, i) => {
    const x0 = x(p.startS);
    ctx.fillStyle = i % 2 ? "rgba(41,128,185,0.08)" : "rgba(127,85,57,0.06)";
    ctx.fillRect(x0, top, x(p.endS) - x0, h);
    ctx.fillStyle = "#777";
    ctx.fillText(p.name, x0 + 3 * devicePixelRatio, top + 11 * devicePixelRatio);
  });
  ctx.strokeStyle = "#c0392b";
  ctx.lineWidth = 2 * devicePixelRatio;
  for (const f of data.faults) {
    ctx.beginPath();
    ctx.moveTo(x(f.s), top);
    ctx.lineTo(x(f.s), top + h);
    ctx.stroke();
  }
  ctx.restore();
  u.root.dataset.phaseBands = String(data.phases.length);
  u.root.dataset.faultLines = String(data.faults.length);
}
function chart(id, series, data, axes) {
  new uPlot({ width, height: 260, series: [{ label: "s" }, ...series], axes, scales: { x: { time: false } }, hooks: { drawClear: [marks] } }, data, document.getElementById(id));
}
chart("joints", ["shoulder", "elbow", "wrist", "scoop"].map((label, i) => ({ label: label + " (°)", stroke: ["#c0392b", "#2980b9", "#27ae60", "#8e44ad"][i] })), data.joints, [time, { label: "degrees" }]);
chart("drill", [{ label: "depth (mm)", stroke: "#7f5539", scale: "mm" }, { label: "load (A)", stroke: "#e67e22", scale: "A" }], data.drill, [time, { scale: "mm", label: "mm" }, { scale: "A", side: 1, label: "A", grid: { show: false } }]);
chart("supply", [{ label: "battery (V)", stroke: "#16a085" }], data.supply, [time, { label: "volts" }]);
</script>
</body></html>
`;
}
