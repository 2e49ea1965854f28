// The model from the side, as the page draws it: the body on its legs, the drill under it going
// down into the regolith, the arm's segments from the shoulder to the scoop, the container and
// its lid, the flag, the ascender on top. The board file says how far each part moves (the
// drill's travel, the lid's and flag's closed and open angles). The board holds no lengths or
// positions (the simulator needs none: it knows the arm's places by its poses' angles), so the
// picture's proportions, and where each joint's angle counts from, are set here, once.
import { Phase } from "../../../firmware/sequence/phases";

/** The drawing's units: the ground's surface, where the drill's depth counts from. */
const GROUND_Y = 200;
/** How far down the drill's full travel reaches in the drawing. */
const TRAVEL_DRAWN = 110;
/** The arm's segments in drawing units, shoulder to elbow, elbow to wrist, wrist to scoop. */
const UPPER = 58;
const FOREARM = 50;
const WRIST = 20;
/** The drill bit, tip at the surface when raised; the part above the motor is clipped away. */
const DRILL_X = 243;
const DRILL_TOP = 166;
const DRILL_TIP = GROUND_Y - 4;
/** How high the ascender climbs when it lifts off, and in how many lander seconds. */
const LIFT = 190;
const LIFT_S = 5;

export const MODEL_SVG = `<svg id="lander" viewBox="0 -30 420 360" preserveAspectRatio="xMidYMid meet" role="img" aria-label="side view of the lander">
<defs><clipPath id="below-motor"><rect x="0" y="${DRILL_TOP}" width="420" height="200"/></clipPath>
<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#070b1a"/><stop offset="1" stop-color="#1d2440"/></linearGradient></defs>
<rect x="0" y="-30" width="420" height="${GROUND_Y + 30}" fill="url(#sky)"/>
<g fill="#dfe6f5"><circle cx="30" cy="-10" r="1"/><circle cx="80" cy="30" r="1.2"/><circle cx="160" cy="5" r="0.8"/><circle cx="370" cy="-15" r="1"/><circle cx="395" cy="60" r="0.8"/><circle cx="20" cy="120" r="0.9"/></g>
<rect x="0" y="${GROUND_Y}" width="420" height="130" fill="#8d8a84"/>
<g id="layers"></g>
<line x1="0" y1="${GROUND_Y}" x2="420" y2="${GROUND_Y}" stroke="#c9c5bc" stroke-width="1.5"/>
<rect id="drill-hole" x="${DRILL_X - 5}" y="${GROUND_Y}" width="10" height="0" fill="#2b2622"/>
<g id="legs" stroke="#cfd3d8" stroke-width="4" stroke-linecap="round" fill="none">
<polyline points="118,140 86,197 140,150"/><polyline points="282,140 314,197 260,150"/></g>
<ellipse cx="86" cy="198" rx="12" ry="3" fill="#cfd3d8"/><ellipse cx="314" cy="198" rx="12" ry="3" fill="#cfd3d8"/>
<g clip-path="url(#below-motor)"><g id="drill-bit" transform="translate(0,0)">
<rect x="${DRILL_X - 3}" y="${DRILL_TIP - TRAVEL_DRAWN - 40}" width="6" height="${TRAVEL_DRAWN + 34}" fill="#9aa3ad" stroke="#4d545c"/>
<polygon points="${DRILL_X - 3},${DRILL_TIP - 6} ${DRILL_X + 3},${DRILL_TIP - 6} ${DRILL_X},${DRILL_TIP}" fill="#4d545c"/>
<path id="drill-flutes" d="" stroke="#4d545c" stroke-width="1.2"/></g></g>
<rect x="${DRILL_X - 8}" y="150" width="16" height="${DRILL_TOP - 150}" rx="2" fill="#566270" stroke="#2d343c"/>
<rect x="110" y="118" width="180" height="32" rx="3" fill="#d4a017" stroke="#7a5c0a"/>
<rect x="118" y="124" width="164" height="6" fill="#e9c24a"/>
<rect x="185" y="96" width="40" height="22" fill="#b9c0c8" stroke="#4d545c"/>
<rect id="lid" x="185" y="93" width="40" height="3" fill="#4d545c"/>
<g id="flag" transform="rotate(0 115 118)"><line x1="115" y1="118" x2="115" y2="62" stroke="#e8ecf0" stroke-width="2"/>
<path id="flag-cloth" d="M116,63 q6,-3 12,0 t12,0 v14 q-6,-3 -12,0 t-12,0 z" fill="#de2910"/></g>
<g id="ascender" transform="translate(0,0)">
<polygon id="ascender-flame" points="131,119 142,146 153,119" fill="#ff8c1a" opacity="0"/>
<rect x="127" y="92" width="30" height="26" rx="3" fill="#e8e3d3" stroke="#6b6559"/>
<polygon points="127,92 142,74 157,92" fill="#c0392b" stroke="#6b6559"/>
<rect x="133" y="98" width="18" height="6" fill="#7f8c8d"/></g>
<rect x="262" y="104" width="16" height="14" rx="2" fill="#566270"/>
<g id="arm" transform="translate(270,108)" stroke="#2d343c">
<g id="arm-shoulder" transform="rotate(0)"><rect x="0" y="-4" width="${UPPER}" height="8" rx="4" fill="#e8ecf0"/>
<g id="arm-elbow" transform="translate(${UPPER},0) rotate(0)"><rect x="0" y="-3.5" width="${FOREARM}" height="7" rx="3.5" fill="#e8ecf0"/>
<g id="arm-wrist" transform="translate(${FOREARM},0) rotate(0)"><rect x="0" y="-2.5" width="${WRIST}" height="5" rx="2.5" fill="#e8ecf0"/>
<g id="arm-scoop" transform="translate(${WRIST},0) rotate(0)"><path d="M0,-3 L5,-3 L16,-8 Q19,4 9,8 Q2,8 0,3 Z" fill="#e67e22"/></g>
<circle r="2.5" fill="#566270"/></g><circle r="3.5" fill="#566270"/></g><circle r="5" fill="#566270"/></g></g>
<text id="depth-label" x="${DRILL_X + 10}" y="${GROUND_Y + 14}" fill="#fff" font-size="11"></text>
</svg>`;

/** Draws the model's regolith layers and each telemetry sample; runs in the page. */
export const MODEL_SCRIPT = String.raw`
const model = { launchedAt: null };
function drawLayers(info) {
  const ground = $("layers");
  ground.innerHTML = "";
  const scale = ${TRAVEL_DRAWN} / Math.max(info.board.travelMm, 1);
  const shades = { loose: "#b5a88f", compacted: "#98886b", rock: "#6d625b" };
  for (const layer of info.layers) {
    const r = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    const attributes = { x: 0, y: ${GROUND_Y} + layer.topMm * scale, width: 420, height: (layer.bottomMm - layer.topMm) * scale, fill: shades[layer.name] || "#999" };
    for (const [k, v] of Object.entries(attributes)) r.setAttribute(k, v);
    r.setAttribute("data-layer", layer.name);
    ground.appendChild(r);
  }
}
const unit = (value, closed, open) => (open === closed ? 0 : Math.min(1, Math.max(0, (value - closed) / (open - closed))));
function drawModel(t, board) {
  const [shoulder, elbow, wrist, scoop] = t.joints;
  // Each joint turns the segments after it: the shoulder from the deck, the elbow from the upper arm.
  $("arm-shoulder").setAttribute("transform", "rotate(" + (-shoulder).toFixed(1) + ")");
  $("arm-elbow").setAttribute("transform", "translate(${UPPER},0) rotate(" + (180 - elbow).toFixed(1) + ")");
  $("arm-wrist").setAttribute("transform", "translate(${FOREARM},0) rotate(" + (wrist - 90).toFixed(1) + ")");
  $("arm-scoop").setAttribute("transform", "translate(${WRIST},0) rotate(" + (scoop - 10).toFixed(1) + ")");
  const down = (t.depthMm * ${TRAVEL_DRAWN}) / Math.max(board.travelMm, 1);
  $("drill-bit").setAttribute("transform", "translate(0," + down.toFixed(1) + ")");
  $("drill-hole").setAttribute("height", Math.max(0, down - ${GROUND_Y - DRILL_TIP}).toFixed(1));
  // The flutes run down the bit as it turns, at its rpm on the lander's clock.
  const turn = t.rpm > 0 ? ((t.nowMs / 1000) * t.rpm / 60) % 1 : 0;
  let flutes = "";
  for (let y = ${DRILL_TIP - TRAVEL_DRAWN - 36} + turn * 8; y < ${DRILL_TIP - 8}; y += 8) flutes += "M${DRILL_X - 3}," + y.toFixed(1) + " l6,3 ";
  $("drill-flutes").setAttribute("d", flutes);
  $("depth-label").textContent = t.depthMm > 0.5 ? t.depthMm.toFixed(0) + " mm" + (t.rpm > 0 ? ", " + t.rpm + " rpm" : "") : "";
  $("depth-label").setAttribute("y", (${GROUND_Y + 14} + Math.max(0, down - 10)).toFixed(1));
  // The lid turns on its hinge by its servo's angle from closed.
  $("lid").setAttribute("transform", "rotate(" + (-(t.lid - board.lid.closed)).toFixed(1) + " 185 96)");
  // The flag's mast lies back when closed and stands up when open, its cloth furled till then.
  const raised = unit(t.flag, board.flag.closed, board.flag.open);
  $("flag").setAttribute("transform", "rotate(" + (-90 * (1 - raised)).toFixed(1) + " 115 118)");
  $("flag-cloth").setAttribute("transform", "translate(116,0) scale(" + Math.max(0.15, raised).toFixed(2) + ",1) translate(-116,0)");
  // The ascender's engine lit is liftoff: it climbs away, and stays gone until the lander
  // starts over.
  const launched = t.ascender || (model.launchedAt !== null && t.phase >= ${Phase.Liftoff});
  if (!launched) model.launchedAt = null;
  else if (model.launchedAt === null) model.launchedAt = t.at;
  const rise = launched ? Math.min(1, (t.at - model.launchedAt) / ${LIFT_S}) : 0;
  $("ascender").setAttribute("transform", "translate(0," + (-${LIFT} * rise * rise).toFixed(1) + ")");
  $("ascender-flame").setAttribute("opacity", t.ascender ? "1" : "0");
  document.body.dataset.ascender = launched ? "lifting off" : "docked";
}
`;
