// What a compiled mission may ask of the lander, declared once. The firmware's decoder refuses
// a mission past these (mission/format.ts), and the host's compiler checks every mission file
// against the same numbers (host-tools/src/mission/compile.ts) with the file's line and column,
// so a mission `farside validate` accepts is one the lander takes. The joints', drill's and
// poses' own limits come from the board file and are checked against it the same way.
//
// Most limits are the widths of the fields the format carries: past them a value would wrap
// (a 2^32 ms wait arrives as 0) instead of being refused.

export const MISSION_LIMITS = Object.freeze({
  /** Longest wait, `until` time or move, ms: an hour is more than any mission of a model lander needs. */
  maxDurationMs: 3_600_000,
  /** Fastest move speed a step may name, deg/s: tenths in 16 bits. */
  maxSpeedDegS: 6553.5,
  /** Joint angles a step may name, degrees: tenths in a signed 16 bits. */
  minAngleDeg: -3276.8,
  maxAngleDeg: 3276.7,
  /** Drill spin, rpm: 16 bits. */
  maxRpm: 65_535,
  /** Drill depth, mm: tenths in 16 bits. */
  maxDepthMm: 6553.5,
  /** Drill feed rate, mm/s: hundredths in 16 bits. */
  maxRateMmS: 655.35,
  /** Characters of a pose name as the lander decodes it. */
  maxPoseNameChars: 32,
  /** Characters of the mission's name (the encoder cuts it there). */
  maxNameChars: 64,
  /** Steps in one mission: more is not a mission a model lander runs. */
  maxSteps: 1024,
});
