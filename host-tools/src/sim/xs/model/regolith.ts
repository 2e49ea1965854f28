import type { SeededRandom } from "../random";

export interface Layer {
  readonly name: "loose" | "compacted" | "rock";
  /** Depth below the surface, mm. */
  readonly topMm: number;
  readonly bottomMm: number;
  /** 0..1: how hard the bit works per mm/s of advance. */
  readonly hardness: number;
  /** Fastest the bit cuts through it at the rated spin, mm/s. */
  readonly maxRateMmS: number;
  /** Core mass per mm drilled, grams. */
  readonly gramsPerMm: number;
}

const LOOSE = { name: "loose", hardness: 0.15, maxRateMmS: 6, gramsPerMm: 0.9 } as const;
const COMPACTED = { name: "compacted", hardness: 0.4, maxRateMmS: 3, gramsPerMm: 1.1 } as const;
const ROCK = { name: "rock", hardness: 1, maxRateMmS: 1.2, gramsPerMm: 1.4 } as const;

/**
 * The regolith under the drill, from the seed: loose fines on top, compacted regolith below, and
 * a rock layer shallow enough that the default mission's core always meets it (Chang'e-6's drill
 * had to handle resistance that changed with depth).
 */
export function regolithLayers(random: SeededRandom, depthMm: number): Layer[] {
  const looseBottom = random.between(8, 15);
  const rockTop = random.between(25, 45);
  const rockBottom = rockTop + random.between(5, 10);
  const bottom = depthMm > rockBottom ? depthMm : rockBottom + 1;
  return [
    { ...LOOSE, topMm: 0, bottomMm: looseBottom },
    { ...COMPACTED, topMm: looseBottom, bottomMm: rockTop },
    { ...ROCK, topMm: rockTop, bottomMm: rockBottom },
    { ...COMPACTED, topMm: rockBottom, bottomMm: bottom },
  ];
}

/** The layer at a depth below the surface (the deepest one beyond the last). */
export function layerAt(layers: readonly Layer[], depthMm: number): Layer {
  // An array's length is a host call in XS; the drill looks its layer up every physics step.
  const count = layers.length;
  for (let i = 0; i < count; i++) if (depthMm < layers[i].bottomMm) return layers[i];
  return layers[count - 1];
}
