// The mission `farside new mission` writes: a whole flight a newcomer can read top to bottom,
// commented, that validates for the board without a warning and fills the container. Its
// numbers come from the board (sites, scoop angles, drill limits), so it fits whichever it names.
import type { BoardConfig } from "../../../firmware/board/config";
import { SCOOP_DIG_DEGREES, SCOOP_DUMP_DEGREES } from "../sim/sample-reach";

/** `name` and `board` as the file writes them; `schema` the path to mission.schema.json from it. */
export function missionTemplate(name: string, board: BoardConfig, schema: string): string {
  const sites = Object.keys(board.poses)
    .filter((pose) => /^site\d+$/.test(pose))
    .slice(0, 2);
  const scoop = board.joints.scoop;
  const dig = Math.min(scoop.maxAngle, SCOOP_DIG_DEGREES + 10);
  const tip = Math.min(scoop.maxAngle, SCOOP_DUMP_DEGREES + 30);
  const { drill } = board;
  const rpm = Math.min(drill.spin.maxRpm, Math.max(300, drill.minFeedRpm * 1.5));
  const depth = Math.min(40, drill.feed.travelMm);
  const rate = Math.min(2, drill.feed.maxRateMmS);
  return `# yaml-language-server: $schema=${schema}
#
# A first mission: drill a core, scoop ${sites.length === 1 ? "a site" : `${sites.length} sites`}, put it all in the sample container,
# seal it, raise the flag and light the ascender. Check it with \`farside validate FILE\`, fly it
# on the simulator with \`farside run --sim --mission FILE\` (add --report for the HTML report),
# and on a board with --port PATH instead of --sim.
#
# Phases run in Chang'e-6's order: self-test, drilling, core-transfer, scooping, sealing,
# transfer, flag, liftoff (leave out any you do not need). Every number carries its unit:
# ms, s or min; deg; deg/s; mm or cm; mm/s; rpm. The poses are the board file's
# (boards/${board.id}.json): ${Object.keys(board.poses).join(", ")}.
name: ${JSON.stringify(name)}
board: ${board.id}
phases:
  - phase: self-test
    steps:
      - selftest: true # e-stop, drill load and battery, before anything moves

  - phase: drilling
    on-fault: retry # a stall the drill cannot clear by itself: the phase once more
    steps:
      - spin: ${rpm}rpm # the drill spins before it feeds down
      - feed: { depth: ${depth}mm, rate: ${rate}mm/s }
      - retract: true
      - spin: 0rpm

  - phase: core-transfer
    steps:
      - lid: open
      - pose: drill # the scoop takes the core off the raised drill
      - pose: container
      - joint: { scoop: ${tip}deg } # tipped past ${SCOOP_DUMP_DEGREES}deg over the open container: emptied into it

  - phase: scooping
    on-fault: skip # a site that fails is left for the next
    repeat: { site: [${sites.join(", ")}] } # the steps once per site, {site} replaced
    steps:
      - pose: "{site}"
      - joint: { scoop: ${dig}deg, easing: sine } # tipped past ${SCOOP_DIG_DEGREES}deg at a site: it digs
      - pose: ready
      - pose: container
      - joint: { scoop: ${tip}deg, easing: sine }
      - marker: "{site} scooped" # named in the log and the report

  - phase: sealing
    steps:
      - pose: stow # a mission ends stowed, the drill up and stopped
      - lid: closed
      - marker: container sealed

  - phase: flag
    steps:
      - flag: raised
      - wait: 1s

  - phase: liftoff
    steps:
      - ascender: "on"
      - wait: 2s
      - ascender: "off"
`;
}
