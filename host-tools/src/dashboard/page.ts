// The dashboard's one page: plain HTML, CSS and script, uPlot inlined, nothing fetched from the
// internet. It listens to /events and posts controls to /api/*, and says plainly when it cannot.
import { createHash } from "node:crypto";
import { uplotAssets } from "../web/uplot";
import { CHARTS_SCRIPT } from "./charts-script";
import { MODEL_SCRIPT, MODEL_SVG } from "./model-drawing";
import { PAGE_SCRIPT } from "./page-script";

const SCRIPT = MODEL_SCRIPT + CHARTS_SCRIPT + PAGE_SCRIPT;

// One column on a phone; on a wide screen the model and controls beside the charts. The e-stop
// sits in the header, which stays at the top: always on screen, and over nothing.
const STYLE = `
*{box-sizing:border-box}
body{font:14px system-ui,sans-serif;margin:0;color:#222;background:#f3f4f6}
header{position:sticky;top:0;z-index:10;display:flex;align-items:center;gap:.8em;padding:.5em 1em;background:#fff;border-bottom:1px solid #ddd}
header .title{flex:1;min-width:0;overflow-wrap:anywhere}
#estop{flex:none;background:#c0392b;color:#fff;border:3px solid #7b241c;border-radius:50%;width:5.2em;height:5.2em;font-weight:bold;font-size:14px;cursor:pointer}
#estop:disabled{background:#999;border-color:#666;cursor:not-allowed}
#estop[hidden]{display:none}
main{display:grid;grid-template-columns:minmax(0,1fr);gap:.8em;padding:.8em}
@media (min-width:1000px){main{grid-template-columns:minmax(0,5fr) minmax(0,6fr)}}
.column{display:flex;flex-direction:column;gap:.8em;min-width:0}
.panel{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6em;min-width:0}
.panel h2{font-size:15px;margin:0 0 .3em}
#lander{display:block;width:100%;height:auto;max-height:70vh;border-radius:4px}
.status{display:flex;flex-wrap:wrap;gap:.4em 1.5em}.status>*{flex:1 1 16em}
dl{display:grid;grid-template-columns:auto 1fr;gap:.2em 1em;margin:0}dt{color:#666}dd{margin:0}
#jogs label{display:grid;grid-template-columns:5.5em minmax(0,1fr);align-items:center}
body[data-armed=true] #armed{color:#c0392b;font-weight:bold}
#log{max-height:14em;overflow:auto;font-size:12px;margin:0;white-space:pre-wrap}
#link{background:#7b241c;color:#fff;font-weight:bold;font-size:16px;padding:.6em;margin:.8em .8em 0;border-radius:6px}
#watch-only{background:#fff4d6;border:1px solid #e0b84c;border-radius:6px;padding:.6em;margin:.8em .8em 0}
body[data-watch-only=true] .controls{display:none}
body:not([data-link=live]) main{opacity:.45}
.u-legend{font-size:12px}
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
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>farside dashboard</title>
<style>${style}</style></head><body data-link="connecting">
<header><span class="title"><b>farside</b> · <span id="board">—</span> · <span id="mission"></span></span>
<button id="estop" title="Emergency stop: drill stops and rises, arm stows" disabled>E-STOP</button></header>
<p id="link" role="alert">connecting…</p>
<p id="watch-only" hidden>Watch-only: another program drives the lander through its port, and this page cannot stop it. Use that program, or the lander's own e-stop.</p>
<main><div class="column">
<section class="panel" aria-label="the model">${MODEL_SVG}</section>
<section class="panel status"><dl>
<dt>mode</dt><dd id="mode">—</dd><dt>phase</dt><dd id="phase">—</dd><dt>step</dt><dd id="step">—</dd>
<dt>remaining</dt><dd id="remaining">—</dd><dt>fault</dt><dd id="fault">—</dd>
<dt>armed</dt><dd id="armed">—</dd><dt>drill</dt><dd id="depth">—</dd><dt>battery</dt><dd id="battery">—</dd></dl>
<div class="controls"><p><button id="arm-motion" title="Allow motion: start, resume and the joint sliders" disabled>arm</button> <button id="disarm-motion" disabled>disarm</button></p>
<p><button id="start" disabled>start</button> <button id="pause" disabled>pause</button> <button id="resume" disabled>resume</button> <button id="abort" disabled>abort</button></p>
<div id="jogs"></div></div></section>
<section class="panel"><h2>Events</h2><pre id="log" hidden></pre></section>
</div><div class="column">
<section class="panel"><h2>Joint angles</h2><div id="plot-joints"></div></section>
<section class="panel"><h2>Drill depth and load</h2><div id="plot-drill"></div></section>
<section class="panel"><h2>Supply voltage</h2><div id="plot-supply"></div></section>
</div></main>
<script>${uplot.script}</script>
<script>${SCRIPT}</script>
</body></html>
`;
  return { html, contentSecurityPolicy };
}
