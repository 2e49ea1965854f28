// The dashboard's one page: plain HTML, CSS and script, uPlot inlined, nothing fetched from the
// internet. It listens to /events and posts controls to /api/*, and says plainly when it cannot.
import { createHash } from "node:crypto";
import { RESET_BACKSTEP_MS } from "../runlog/mission-time";
import { uplotAssets } from "../web/uplot";

const SCRIPT = String.raw`
const $ = (id) => document.getElementById(id);
const state = { info: null, t0: null, first: null, points: 0, lastRaw: null, offset: 0, last: -Infinity };

// The lander's clock made one count that never goes back (a reset restarts its ticks at 0: its
// new readings add to where the count stood), by runlog/mission-time.ts's rule and threshold.
function landerMs(raw) {
  if (state.lastRaw !== null && raw < state.lastRaw - ${RESET_BACKSTEP_MS}) state.offset = state.last;
  state.lastRaw = raw;
  state.last = Math.max(state.last, state.offset + raw);
  if (state.first === null) state.first = state.last;
  return state.last;
}

// What the page's log stamps a line with: the lander's time from the mission's start, or the
// lander's own clock before a start was seen. Never this computer's clock.
function stamp() {
  if (state.lastRaw === null) return "";
  const ms = state.t0 === null ? state.last : state.last - state.t0;
  return (state.t0 === null ? "lander " : "") + (ms / 1000).toFixed(1) + " s";
}
const series = { t: [], j: [[], [], [], []], depth: [], load: [], volts: [] };
const MAX_POINTS = 3000;
let plots = null;

// The token lives in memory only: out of the address bar, so out of history and bookmarks.
const token = new URLSearchParams(location.search).get("token") || "";
if (location.search) history.replaceState(null, "", location.pathname);

// What the page says while it cannot reach the lander. It never keeps showing the last armed
// state, or buttons that look as if they work, once the link is gone.
const START = "run farside dashboard (or farside run --ui) and open the URL it prints.";
const NO_REACH = " Nothing on this page reaches the lander: use the lander's own e-stop.";
const LINK_TEXT = {
  connecting: "connecting…",
  "no-token": "this page needs the address farside printed (with its token): " + START + NO_REACH,
  refused: "link refused: the dashboard server does not know this page's token (each start of farside has its own) — " + START + NO_REACH,
  lost: "link lost: the dashboard server stopped — restart farside dashboard (or farside run --ui) and open the URL it prints." + NO_REACH,
};
function setLink(link) {
  document.body.dataset.link = link;
  $("link").textContent = LINK_TEXT[link] || "";
  $("link").hidden = link === "live";
  // Telemetry enables the rest as the lander's state allows; e-stop and abort always work.
  for (const control of document.querySelectorAll("button, input")) control.disabled = link !== "live" || (control.id !== "estop" && control.id !== "abort");
  if (link === "lost" || link === "refused") {
    document.body.dataset.mode = "unknown";
    document.body.dataset.armed = "unknown";
    $("mode").textContent = "unknown: no link";
    $("armed").textContent = "unknown: no link";
  }
}

function post(action, body) {
  const link = document.body.dataset.link;
  if (link !== "live") return note(action + ": not sent: " + LINK_TEXT[link]);
  const headers = { "x-farside-token": token };
  return fetch("/api/" + action, { method: "POST", headers, body: body ? JSON.stringify(body) : undefined }).then(
    async (r) => {
      if (!r.ok) note(action + ": " + (await r.text()));
    },
    () => {
      note(action + ": not sent: the dashboard server did not answer");
      setLink("lost");
    },
  );
}
function note(text) {
  const log = $("log");
  log.textContent = (stamp() + "  " + text + "\n" + log.textContent).slice(0, 4000);
}

function makePlots() {
  const width = Math.min(600, document.body.clientWidth - 40);
  const opts = (series, axes) => ({ width, height: 170, series: [{ label: "s" }, ...series], axes, scales: { x: { time: false } }, legend: { show: true } });
  const colors = ["#c0392b", "#2980b9", "#27ae60", "#8e44ad"];
  return {
    joints: new uPlot(opts(state.info.board.joints.map((j, i) => ({ label: j.name + " °", stroke: colors[i] })), [{}, { label: "°" }]), [[]].concat([[], [], [], []]), $("plot-joints")),
    drill: new uPlot(opts([{ label: "depth mm", stroke: "#7f5539", scale: "mm" }, { label: "load A", stroke: "#e67e22", scale: "A" }], [{}, { scale: "mm" }, { scale: "A", side: 1, grid: { show: false } }]), [[], [], []], $("plot-drill")),
    supply: new uPlot(opts([{ label: "battery V", stroke: "#16a085" }], [{}, {}]), [[], []], $("plot-supply")),
  };
}

function setup(info) {
  state.info = info;
  $("board").textContent = info.board.name;
  $("mission").textContent = info.mission ? info.mission.name : "the lander's own mission";
  const jogs = $("jogs");
  jogs.innerHTML = "";
  for (const joint of info.board.joints) {
    const label = document.createElement("label");
    label.textContent = joint.name + " ";
    const input = document.createElement("input");
    Object.assign(input, { type: "range", min: joint.min, max: joint.max, value: joint.min, id: "jog-" + joint.name, disabled: true });
    input.addEventListener("change", () => post("jog", { joint: joint.name, angle: Number(input.value) }));
    label.appendChild(input);
    jogs.appendChild(label);
  }
  const ground = $("layers");
  ground.innerHTML = "";
  const scale = 120 / Math.max(info.board.travelMm, 1);
  const shades = { loose: "#d8c8a8", compacted: "#b8a27a", rock: "#7d7068" };
  for (const layer of info.layers) {
    const r = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    Object.entries({ x: 0, y: 200 + layer.topMm * scale, width: 400, height: (layer.bottomMm - layer.topMm) * scale, fill: shades[layer.name] || "#ccc" }).forEach(([k, v]) => r.setAttribute(k, v));
    r.setAttribute("data-layer", layer.name);
    ground.appendChild(r);
  }
  plots = makePlots();
}

function draw(t) {
  const rad = (d) => (d * Math.PI) / 180;
  const [shoulder, elbow, wrist, scoop] = t.joints;
  // A side view: the shoulder on the deck, each joint's angle turning the next segment.
  let x = 150, y = 150, a = rad(shoulder);
  const points = [[x, y]];
  for (const [length, turn] of [[70, 0], [55, 180 - elbow], [28, wrist - 90], [16, scoop - 10]]) {
    a += rad(turn) * -1;
    x += length * Math.cos(a);
    y -= length * Math.sin(a);
    points.push([x, y]);
  }
  $("arm").setAttribute("points", points.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" "));
  const scale = 120 / Math.max(state.info.board.travelMm, 1);
  $("drill-bit").setAttribute("height", (30 + t.depthMm * scale).toFixed(1));
  $("lid").setAttribute("transform", "rotate(" + (-t.lid).toFixed(1) + " 60 150)");
  $("flag").setAttribute("height", (5 + (t.flag / Math.max(state.info.board.flag.open, 1)) * 40).toFixed(1));
  $("ascender").setAttribute("fill", t.ascender ? "#ff8c1a" : "#555");
}

// What the lander would refuse is greyed out: it refuses anyway, this only saves a click.
// Modes: 0 idle, 1 running, 2 paused, 3 safing, 4 safe, 5 complete. Abort and e-stop always work.
function enableControls(t) {
  const busy = t.mode === 1 || t.mode === 2 || t.mode === 3;
  $("arm-motion").disabled = t.mode === 3;
  $("disarm-motion").disabled = !t.armed;
  $("start").disabled = !t.armed || busy;
  $("pause").disabled = t.mode !== 1;
  $("resume").disabled = !t.armed || t.mode !== 2;
  state.info.board.joints.forEach((joint, i) => {
    const input = $("jog-" + joint.name);
    input.disabled = !t.armed || busy || t.estop;
    // Each slider shows where its joint is, except while the user is moving it.
    if (document.activeElement !== input) input.value = String(Math.round(t.joints[i]));
  });
}

function update(t) {
  const names = state.info.names;
  document.body.dataset.mode = names.modes[t.mode] || t.mode;
  $("mode").textContent = names.modes[t.mode] || t.mode;
  $("phase").textContent = names.phases[t.phase] || t.phase;
  $("step").textContent = String(t.step) + (state.info.mission ? " / " + state.info.mission.steps : "");
  $("fault").textContent = t.fault ? names.faults[t.fault] : "none";
  $("armed").textContent = t.armed ? "ARMED: motion allowed" : "disarmed: arm to move";
  document.body.dataset.armed = String(t.armed);
  enableControls(t);
  $("depth").textContent = t.depthMm.toFixed(1) + " mm, " + t.rpm + " rpm, " + t.loadAmps.toFixed(2) + " A";
  $("battery").textContent = t.batteryVolts.toFixed(2) + " V";
  const now = landerMs(t.nowMs);
  if (state.t0 === null && t.mode === 1) state.t0 = now;
  const elapsed = state.t0 === null ? 0 : (now - state.t0) / 1000;
  const remaining = state.info.mission && t.mode === 1 ? Math.max(0, state.info.mission.estimateMs / 1000 - elapsed) : null;
  $("remaining").textContent = remaining === null ? "—" : remaining.toFixed(0) + " s";
  draw(t);
  // Lander seconds since this page's first sample: one axis however a reset or a start falls.
  series.t.push((now - state.first) / 1000);
  t.joints.forEach((v, i) => series.j[i].push(v));
  series.depth.push(t.depthMm);
  series.load.push(t.loadAmps);
  series.volts.push(t.batteryVolts);
  if (series.t.length > MAX_POINTS) for (const s of [series.t, ...series.j, series.depth, series.load, series.volts]) s.shift();
  state.points = series.t.length;
  document.body.dataset.points = String(state.points);
}

setInterval(() => {
  if (!plots || series.t.length === 0) return;
  plots.joints.setData([series.t, ...series.j]);
  plots.drill.setData([series.t, series.depth, series.load]);
  plots.supply.setData([series.t, series.volts]);
}, 250);

for (const action of ["start", "pause", "resume", "abort", "estop"]) $(action).addEventListener("click", () => post(action));
// "arm" is the drawing's robot arm; the arming buttons have ids of their own.
$("arm-motion").addEventListener("click", () => post("arm"));
$("disarm-motion").addEventListener("click", () => post("disarm"));

if (!token) setLink("no-token");
else listen();

function listen() {
  const events = new EventSource("/events?token=" + encodeURIComponent(token));
  // The server sends info first on every (re)connection: from then on the link is live.
  events.addEventListener("info", (e) => {
    setup(JSON.parse(e.data));
    setLink("live");
  });
  // A refused stream (a token this server never issued) is closed for good; one that ended or
  // cannot connect is retried by the browser, and comes back live if the same server answers.
  events.addEventListener("error", () => setLink(events.readyState === EventSource.CLOSED ? "refused" : "lost"));
  events.addEventListener("telemetry", (e) => state.info && update(JSON.parse(e.data)));
  events.addEventListener("event", (e) => {
    const ev = JSON.parse(e.data);
    landerMs(ev.nowMs);
    // The mission starts with its first phase (the lander says so just before it says running).
    const starts = (ev.event === 1 && ev.value === 1) || (ev.event === 2 && ev.value > 0);
    if (starts && state.t0 === null) state.t0 = state.last;
    const names = state.info.names;
    if (ev.event === 2) note("phase " + names.phases[ev.value]);
    if (ev.event === 4 && ev.value) note("FAULT " + names.faults[ev.value]);
    if (ev.event === 7) note(ev.value ? "armed" : "disarmed");
  });
  events.addEventListener("note", (e) => note(JSON.parse(e.data).text));
}
`;

const STYLE = `
body{font:14px system-ui,sans-serif;margin:0 1em 2em;color:#222;background:#fafafa}
header{padding:.6em 0;border-bottom:1px solid #ddd;margin-bottom:.6em}
#estop{position:fixed;top:.6em;right:.6em;z-index:10;background:#c0392b;color:#fff;border:3px solid #7b241c;border-radius:50%;width:6em;height:6em;font-weight:bold;font-size:14px;cursor:pointer}
.cols{display:flex;flex-wrap:wrap;gap:1em}.panel{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6em}
dl{display:grid;grid-template-columns:auto auto;gap:.2em 1em;margin:0}dt{color:#666}
#jogs label{display:block}body[data-armed=true] #armed{color:#c0392b;font-weight:bold}#log{max-height:8em;overflow:auto;font-size:12px}
#link{background:#7b241c;color:#fff;font-weight:bold;font-size:16px;padding:.6em;margin:0 7em .6em 0;border-radius:6px}
#estop:disabled{background:#999;border-color:#666;cursor:not-allowed}
body:not([data-link=live]) .cols{opacity:.45}
`;

/** The page, and the policy that lets exactly its own script and style run in it. */
export interface DashboardPage {
  readonly html: string;
  readonly contentSecurityPolicy: string;
}

/** A CSP source allowing exactly this inline text. */
function sha256Source(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

export function dashboardPage(): DashboardPage {
  const uplot = uplotAssets();
  const style = uplot.style + STYLE;
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src ${sha256Source(uplot.script)} ${sha256Source(SCRIPT)}`,
    `style-src ${sha256Source(style)}`,
    // The event stream and the controls, to this server only.
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>farside dashboard</title>
<style>${style}</style></head><body data-link="connecting">
<button id="estop" title="Emergency stop: drill stops and rises, arm stows" disabled>E-STOP</button>
<header><b>farside</b> · <span id="board">—</span> · <span id="mission"></span></header>
<p id="link" role="alert">connecting…</p>
<div class="cols">
<div class="panel"><svg id="lander" width="400" height="330" viewBox="0 0 400 330" role="img" aria-label="side view of the lander">
<g id="layers"></g>
<line x1="0" y1="200" x2="400" y2="200" stroke="#555"/>
<rect x="60" y="150" width="200" height="45" fill="#b0b6bf" stroke="#555"/>
<rect id="lid" x="60" y="146" width="40" height="4" fill="#777"/>
<rect x="230" y="110" width="40" height="40" fill="#d4ac0d" stroke="#555"/>
<circle id="ascender" cx="250" cy="105" r="6" fill="#555"/>
<line x1="90" y1="150" x2="90" y2="95" stroke="#333"/><rect id="flag" x="90" y="95" width="22" height="5" fill="#de2910"/>
<rect id="drill-bit" x="285" y="170" width="6" height="30" fill="#555"/>
<polyline id="arm" points="" fill="none" stroke="#2c3e50" stroke-width="5" stroke-linejoin="round"/>
</svg></div>
<div class="panel"><dl>
<dt>mode</dt><dd id="mode">—</dd><dt>phase</dt><dd id="phase">—</dd><dt>step</dt><dd id="step">—</dd>
<dt>remaining</dt><dd id="remaining">—</dd><dt>fault</dt><dd id="fault">—</dd>
<dt>armed</dt><dd id="armed">—</dd><dt>drill</dt><dd id="depth">—</dd><dt>battery</dt><dd id="battery">—</dd></dl>
<p><button id="arm-motion" title="Allow motion: start, resume and the joint sliders" disabled>arm</button> <button id="disarm-motion" disabled>disarm</button></p>
<p><button id="start" disabled>start</button> <button id="pause" disabled>pause</button> <button id="resume" disabled>resume</button> <button id="abort" disabled>abort</button></p>
<div id="jogs"></div></div>
</div>
<div class="cols"><div class="panel" id="plot-joints"></div><div class="panel" id="plot-drill"></div><div class="panel" id="plot-supply"></div></div>
<pre id="log" class="panel"></pre>
<script>${uplot.script}</script>
<script>${SCRIPT}</script>
</body></html>
`;
  return { html, contentSecurityPolicy };
}
