// The page's charts: joint angles, drill depth and load, supply voltage, on the lander's clock
// from the mission's start, each titled, with its axes' units, the newest values in its
// legend, and the mission's phases shaded behind it as the run report shades them. Runs in the
// page after the script in page-script.ts has defined `state` and `$`.

export const CHARTS_SCRIPT = String.raw`
const series = { at: [], j: [[], [], [], []], depth: [], load: [], volts: [] };
const MAX_POINTS = 3000;
let plots = null;

/** Where the axis counts from: the mission's start once seen, else the first reading. */
function originS() {
  return state.t0 !== null ? state.t0 : series.at.length ? series.at[0] : 0;
}

// What x counts from, said on its axis: a tab that never saw the mission start counts from its first reading.
const timeLabel = () => (state.t0 !== null ? "lander time from the mission's start (s)" : "lander time from the first reading (s)");

function clearSeries() {
  for (const s of [series.at, ...series.j, series.depth, series.load, series.volts]) s.length = 0;
}

function record(t) {
  series.at.push(t.at);
  t.joints.forEach((v, i) => series.j[i].push(v));
  series.depth.push(t.depthMm);
  series.load.push(t.loadAmps);
  series.volts.push(t.batteryVolts);
  if (series.at.length > MAX_POINTS) for (const s of [series.at, ...series.j, series.depth, series.load, series.volts]) s.shift();
  document.body.dataset.points = String(series.at.length);
}

// The phases as bands behind each chart, named where the name fits; the last is still going
// while the mission runs, so it reaches the newest reading.
function shadePhases(u) {
  const ctx = u.ctx;
  const { left, top, width: w, height: h } = u.bbox;
  const x = (s) => Math.min(left + w, Math.max(left, u.valToPos(s - originS(), "x", true)));
  const newest = series.at.length ? series.at[series.at.length - 1] : 0;
  const running = document.body.dataset.mode === "running" || document.body.dataset.mode === "paused";
  ctx.save();
  ctx.font = 11 * devicePixelRatio + "px system-ui, sans-serif";
  ctx.textBaseline = "top";
  state.phases.forEach((p, i) => {
    const end = running && i === state.phases.length - 1 ? Math.max(p.endS, newest) : p.endS;
    const x0 = x(p.startS);
    const x1 = x(end);
    ctx.fillStyle = i % 2 ? "rgba(41,128,185,0.10)" : "rgba(127,85,57,0.10)";
    ctx.fillRect(x0, top, x1 - x0, h);
    const label = p.name;
    if (ctx.measureText(label).width + 6 * devicePixelRatio <= x1 - x0) {
      ctx.fillStyle = "#555";
      ctx.fillText(label, x0 + 3 * devicePixelRatio, top + 2 * devicePixelRatio);
    }
  });
  ctx.restore();
  u.root.dataset.phaseBands = String(state.phases.length);
}

function chartWidth(id) {
  return Math.max(240, $(id).clientWidth);
}

function makeCharts(info) {
  for (const id of ["plot-joints", "plot-drill", "plot-supply"]) $(id).innerHTML = "";
  const time = { label: timeLabel };
  const opts = (id, series, axes) => ({
    width: chartWidth(id),
    height: 190,
    series: [{ label: "time (s)", value: (u, v) => (v == null ? "—" : v.toFixed(1)) }, ...series],
    axes: [time, ...axes],
    scales: { x: { time: false } },
    legend: { show: true, live: true },
    hooks: { drawClear: [shadePhases] },
  });
  const colors = ["#c0392b", "#2980b9", "#27ae60", "#8e44ad"];
  const value = (digits) => (u, v) => (v == null ? "—" : v.toFixed(digits));
  return {
    joints: new uPlot(opts("plot-joints", info.board.joints.map((j, i) => ({ label: j.name + " (°)", stroke: colors[i], value: value(0) })), [{ label: "degrees" }]), [[], [], [], [], []], $("plot-joints")),
    drill: new uPlot(opts("plot-drill", [{ label: "depth (mm)", stroke: "#7f5539", scale: "mm", value: value(1) }, { label: "load (A)", stroke: "#e67e22", scale: "A", value: value(2) }], [{ scale: "mm", label: "depth (mm)" }, { scale: "A", side: 1, label: "load (A)", grid: { show: false } }]), [[], [], []], $("plot-drill")),
    supply: new uPlot(opts("plot-supply", [{ label: "battery (V)", stroke: "#16a085", value: value(2) }], [{ label: "volts" }]), [[], []], $("plot-supply")),
  };
}

function refreshCharts() {
  if (!plots || series.at.length === 0) return;
  const origin = originS();
  const x = series.at.map((at) => at - origin);
  const last = x.length - 1;
  for (const [plot, values] of [[plots.joints, series.j], [plots.drill, [series.depth, series.load]], [plots.supply, [series.volts]]]) {
    plot.setData([x, ...values]);
    // The legend shows the newest values unless the pointer is over the chart asking for others.
    if (plot.cursor.left == null || plot.cursor.left < 0) plot.setLegend({ idx: last });
  }
}
setInterval(refreshCharts, 250);

window.addEventListener("resize", () => {
  if (!plots) return;
  plots.joints.setSize({ width: chartWidth("plot-joints"), height: 190 });
  plots.drill.setSize({ width: chartWidth("plot-drill"), height: 190 });
  plots.supply.setSize({ width: chartWidth("plot-supply"), height: 190 });
});
`;
