// The page's own script: the link to the dashboard server (/events in, /api/* out), the
// lander's state and controls, and the event list. The server stamps every message with its
// lander time (`at`, history.ts), so the page keeps no clock of its own.
import { EventKind } from "../../../firmware/protocol/messages";
import { Mode } from "../../../firmware/lander/status";
import { Phase } from "../../../firmware/sequence/phases";

export const PAGE_SCRIPT = String.raw`
const $ = (id) => document.getElementById(id);
const state = { info: null, t0: null, last: null, phases: [] };

// What the page's log stamps a line with: the lander's time from the mission's start, or the
// lander's own clock before a start was seen. Never this computer's clock.
function stamp() {
  if (state.last === null) return "";
  const s = state.t0 === null ? state.last : state.last - state.t0;
  return (state.t0 === null ? "lander " : "") + s.toFixed(1) + " s";
}

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
  silent: "",
};

// A lander that goes quiet while this page's link stays up (a crash, a reset, a cable pulled
// from a board that still enumerates) must not look live. Timed on this computer's clock on
// purpose: the subject is how long nothing has come. Telemetry comes every 100-200 ms.
const SILENT_MS = 3000;
let heardAt = null;
setInterval(() => {
  const link = document.body.dataset.link;
  if (heardAt === null || (link !== "live" && link !== "silent")) return;
  const quiet = performance.now() - heardAt;
  if (quiet < SILENT_MS) return;
  if (link === "live") setLink("silent");
  $("link").textContent = "no word from the lander for " + Math.floor(quiet / 1000) + " s: what this page shows is its last; it may have reset or lost power. E-STOP and abort still go to it.";
}, 500);
function setLink(link) {
  document.body.dataset.link = link;
  $("link").textContent = LINK_TEXT[link] || "";
  $("link").hidden = link === "live";
  // Telemetry enables the rest as the lander's state allows; e-stop and abort work while the
  // server is reached, a silent lander too (it may still hear a stop).
  // Watching only, nothing here drives the lander.
  const watching = state.info !== null && state.info.watchOnly;
  for (const control of document.querySelectorAll("button, input")) control.disabled = watching || (link !== "live" && link !== "silent") || (control.id !== "estop" && control.id !== "abort");
  if (link === "lost" || link === "refused" || link === "silent") {
    const why = link === "silent" ? "unknown: the lander is silent" : "unknown: no link";
    document.body.dataset.mode = "unknown";
    document.body.dataset.armed = "unknown";
    $("mode").textContent = why;
    $("armed").textContent = why;
  }
}

function post(action, body) {
  const link = document.body.dataset.link;
  // A silent lander may still hear a stop: e-stop and abort (the only controls left) go.
  if (link !== "live" && link !== "silent") return note(action + ": not sent: " + LINK_TEXT[link]);
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
  log.textContent = (stamp() + "  " + text + "\n" + log.textContent).slice(0, 6000);
  log.hidden = false;
}

// Every (re)connection starts from the server's info and its history: what was drawn before goes.
function setup(info) {
  Object.assign(state, { info, t0: null, last: null, phases: [] });
  $("board").textContent = info.board.name;
  $("mission").textContent = info.mission ? info.mission.name : "the lander's own mission";
  document.body.dataset.watchOnly = String(info.watchOnly);
  $("watch-only").hidden = !info.watchOnly;
  $("estop").hidden = info.watchOnly;
  $("log").textContent = "";
  $("log").hidden = true;
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
  drawLayers(info);
  clearSeries();
  plots = makeCharts(info);
}

// What the lander would refuse is greyed out: it refuses anyway, this only saves a click.
// Modes: 0 idle, 1 running, 2 paused, 3 safing, 4 safe, 5 complete. Abort and e-stop always work.
function enableControls(t) {
  if (state.info.watchOnly) return;
  const busy = t.mode === ${Mode.Running} || t.mode === ${Mode.Paused} || t.mode === ${Mode.Safing};
  $("arm-motion").disabled = t.mode === ${Mode.Safing};
  $("disarm-motion").disabled = !t.armed;
  $("start").disabled = !t.armed || busy;
  $("pause").disabled = t.mode !== ${Mode.Running};
  $("resume").disabled = !t.armed || t.mode !== ${Mode.Paused};
  state.info.board.joints.forEach((joint, i) => {
    const input = $("jog-" + joint.name);
    input.disabled = !t.armed || busy || t.estop;
    // Each slider shows where its joint is, except while the user is moving it.
    if (document.activeElement !== input) input.value = String(Math.round(t.joints[i]));
  });
}

function update(t) {
  const names = state.info.names;
  state.last = t.at;
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
  // The start is the lander's word that it started (onEvent), kept in the history a tab gets
  // first: a reading that it is running says only that it started some time before.
  const elapsed = state.t0 === null ? 0 : t.at - state.t0;
  const remaining = state.info.mission && t.mode === ${Mode.Running} ? Math.max(0, state.info.mission.estimateMs / 1000 - elapsed) : null;
  $("remaining").textContent = remaining === null ? "—" : remaining.toFixed(0) + " s";
  drawModel(t, state.info.board);
  record(t);
}

function onEvent(ev) {
  state.last = ev.at;
  // The mission starts with its first phase (the lander says so just before it says running).
  const starts = (ev.event === ${EventKind.ModeChanged} && ev.value === ${Mode.Running}) || (ev.event === ${EventKind.PhaseEntered} && ev.value > ${Phase.Idle});
  if (starts && state.t0 === null) state.t0 = ev.at;
  const names = state.info.names;
  if (ev.event === ${EventKind.PhaseEntered}) note("phase " + names.phases[ev.value]);
  if (ev.event === ${EventKind.Fault} && ev.value) note("FAULT " + names.faults[ev.value]);
  if (ev.event === ${EventKind.Marker}) note("marker " + (ev.name || ev.value));
  if (ev.event === ${EventKind.Armed}) note(ev.value ? "armed" : "disarmed");
}

for (const action of ["start", "pause", "resume", "abort", "estop"]) $(action).addEventListener("click", () => post(action));
// "arm" is the drawing's robot arm; the arming buttons have ids of their own.
$("arm-motion").addEventListener("click", () => post("arm"));
$("disarm-motion").addEventListener("click", () => post("disarm"));

if (!token) setLink("no-token");
else listen();

function listen() {
  const events = new EventSource("/events?token=" + encodeURIComponent(token));
  // The server sends info first on every (re)connection, then what it kept of the run so far:
  // from then on the link is live.
  events.addEventListener("info", (e) => {
    setup(JSON.parse(e.data));
    setLink("live");
  });
  // A refused stream (a token this server never issued) is closed for good; one that ended or
  // cannot connect is retried by the browser, and comes back live if the same server answers.
  events.addEventListener("error", () => setLink(events.readyState === EventSource.CLOSED ? "refused" : "lost"));
  events.addEventListener("telemetry", (e) => {
    if (!state.info) return;
    heardAt = performance.now();
    if (document.body.dataset.link === "silent") setLink("live");
    update(JSON.parse(e.data));
  });
  events.addEventListener("event", (e) => state.info && onEvent(JSON.parse(e.data)));
  events.addEventListener("phases", (e) => {
    state.phases = JSON.parse(e.data);
  });
  events.addEventListener("note", (e) => {
    const n = JSON.parse(e.data);
    state.last = n.at;
    note(n.text);
  });
}
`;
