// Easing curves map normalised time 0..1 onto normalised travel 0..1. Each carries its peak
// velocity and acceleration (in normalised units) so a move can be stretched until the
// servo's real limits hold for that curve.

export const enum Easing {
  /** Constant acceleration up to a cruise speed and back down: the default for joints. */
  Trapezoid = 0,
  Linear = 1,
  Sine = 2,
  Cubic = 3,
}

export const EASING_NAMES: readonly string[] = Object.freeze(["trapezoid", "linear", "sine", "cubic"]);

export function easingFromName(name: string): Easing | undefined {
  const index = EASING_NAMES.indexOf(name);
  return index < 0 ? undefined : (index as Easing);
}

/** Position along a curve. Trapezoid is handled by MotionProfile, which knows the limits. */
export function ease(easing: Easing, t: number): number {
  switch (easing) {
    case Easing.Sine:
      return (1 - Math.cos(Math.PI * t)) / 2;
    case Easing.Cubic:
      return t < 0.5 ? 4 * t * t * t : 1 - Math.pow(-2 * t + 2, 3) / 2;
    default:
      return t;
  }
}

/** Peak d(travel)/d(t) of the curve. */
export function peakVelocity(easing: Easing): number {
  return easing === Easing.Sine ? Math.PI / 2 : easing === Easing.Cubic ? 3 : 1;
}

/** Peak d²(travel)/d(t)²; linear is treated as speed-limited only. */
export function peakAcceleration(easing: Easing): number {
  return easing === Easing.Sine ? (Math.PI * Math.PI) / 2 : easing === Easing.Cubic ? 12 : 0;
}
