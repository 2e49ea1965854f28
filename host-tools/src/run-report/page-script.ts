// The report page's own script, run in the browser on the data embedded in the page: the three
// charts on one lander-time axis, and the phase strip above them laid out on the same axis.

/** Inline styles for the phase strip; the page's other styles are in render.ts. */
export const TIMELINE_STYLE = `
.timeline{position:relative;height:24px;margin:.5em 0 0}
.timeline .phase{position:absolute;top:0;height:100%;overflow:hidden;box-sizing:border-box;border-left:1px solid #fff;font-size:12px;line-height:24px;color:#333}
.timeline .phase:nth-child(odd){background:rgba(127,85,57,0.22)}.timeline .phase:nth-child(even){background:rgba(41,128,185,0.22)}
.timeline .label{display:inline-block;white-space:nowrap;padding:0 3px}.timeline .label[hidden]{display:none}`;

export const REPORT_SCRIPT = `
const data = JSON.parse(document.getElementById("data").textContent);
const width = Math.min(960, document.body.clientWidth);
const time = { label: "lander time from the mission's start (s)" };
// Every chart, and the strip, spans the same stretch of the lander's clock.
const range = [data.range[0], data.range[1] > data.range[0] ? data.range[1] : data.range[0] + 1];
// Behind every chart: the phases as alternating bands (named in the strip above, where names
// can make way for each other), each fault as a red line and each lander reset as a dashed one,
// so a dip or a spike can be read against what the lander was doing.
function marks(u) {
  const ctx = u.ctx;
  const { left, top, width: w, height: h } = u.bbox;
  const x = (s) => Math.min(left + w, Math.max(left, u.valToPos(s, "x", true)));
  const line = (s, colour, dash) => {
    ctx.strokeStyle = colour;
    ctx.setLineDash(dash);
    ctx.beginPath();
    ctx.moveTo(x(s), top);
    ctx.lineTo(x(s), top + h);
    ctx.stroke();
  };
  ctx.save();
  data.phases.forEach((p, i) => {
    const x0 = x(p.startS);
    ctx.fillStyle = i % 2 ? "rgba(41,128,185,0.08)" : "rgba(127,85,57,0.06)";
    ctx.fillRect(x0, top, x(p.endS) - x0, h);
  });
  ctx.lineWidth = 2 * devicePixelRatio;
  for (const f of data.faults) line(f.s, "#c0392b", []);
  for (const s of data.resets) line(s, "#555", [6 * devicePixelRatio, 4 * devicePixelRatio]);
  ctx.restore();
  u.root.dataset.phaseBands = String(data.phases.length);
  u.root.dataset.faultLines = String(data.faults.length);
  u.root.dataset.resetLines = String(data.resets.length);
}
function chart(id, series, values, axes, ready = []) {
  new uPlot({ width, height: 260, series: [{ label: "time (s)" }, ...series], axes, scales: { x: { time: false, range } }, hooks: { drawClear: [marks], ready } }, values, document.getElementById(id));
}
// A label that does not fit its phase's width yields: first to a shortened name, then to the
// phase's number in the table below, then to nothing. The full name stays in the title.
function fit(block, label) {
  const room = block.clientWidth;
  const name = label.dataset.name;
  const shortened = [];
  for (let n = name.length - 1; n >= 3; n--) shortened.push(name.slice(0, n) + "…");
  for (const text of [name, ...shortened, label.dataset.key]) {
    label.textContent = text;
    if (label.offsetWidth <= room) return;
  }
  label.textContent = "";
  label.hidden = true;
}
function layOutTimeline(u) {
  const strip = document.getElementById("timeline");
  if (!strip) return;
  const plot = u.over.getBoundingClientRect();
  const parent = strip.parentElement.getBoundingClientRect();
  strip.style.marginLeft = plot.left - parent.left + "px";
  strip.style.width = plot.width + "px";
  const x = (s) => Math.min(plot.width, Math.max(0, u.valToPos(s, "x")));
  for (const block of strip.querySelectorAll(".phase")) {
    const x0 = x(Number(block.dataset.start));
    block.style.left = x0 + "px";
    block.style.width = Math.max(0, x(Number(block.dataset.end)) - x0) + "px";
    fit(block, block.querySelector(".label"));
  }
  strip.dataset.laidOut = "true";
}
// The strip takes the joints chart's plot area once uPlot has sized it (not yet when it returns).
chart("joints", ["shoulder", "elbow", "wrist", "scoop"].map((label, i) => ({ label: label + " (°)", stroke: ["#c0392b", "#2980b9", "#27ae60", "#8e44ad"][i] })), data.joints, [time, { label: "degrees" }], [layOutTimeline]);
chart("drill", [{ label: "depth (mm)", stroke: "#7f5539", scale: "mm" }, { label: "load (A)", stroke: "#e67e22", scale: "A" }], data.drill, [time, { scale: "mm", label: "mm" }, { scale: "A", side: 1, label: "A", grid: { show: false } }]);
chart("supply", [{ label: "battery (V)", stroke: "#16a085" }], data.supply, [time, { label: "volts" }]);
`;
