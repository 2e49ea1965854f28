// Where the simulated arm's scoop picks up and lets go of samples: the simulator's sample model
// (xs/model/samples.ts) moves grams by these, and validate reads them to warn about a mission
// whose scoop would spill or come back empty. Plain numbers, so the XS side can import them too.

/** How close the arm must be to a pose for the scoop to reach the ground or the container, degrees. */
export const REACH_DEGREES = 8;
/** How close the arm must be to the drill pose to take the core bag off the drill head, degrees. */
export const CORE_REACH_DEGREES = 6;
/** The scoop digs when it tips past this angle at a sample site, degrees. */
export const SCOOP_DIG_DEGREES = 60;
/** The scoop empties when it tips past this angle, degrees. */
export const SCOOP_DUMP_DEGREES = 120;
/** The lid counts as open or closed within this many degrees of the position. */
export const LID_DEGREES = 10;
/** The feed must be this high (mm) before the arm can take the core bag off the drill head. */
export const CORE_CLEAR_MM = 1;
/** Feed position where the bit's tip touches the surface, mm: a core needs the feed past it. */
export const SURFACE_MM = 5;
