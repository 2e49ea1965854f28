// The lander's telemetry record: one type for the firmware's status, the wire and the
// simulator's status, derived with its field names from the wire layout (protocol/layouts.ts).
import { TELEMETRY_BODY } from "./layouts";

type BodyField = (typeof TELEMETRY_BODY)[number];
/** A flags field's bits, each read back as a boolean. */
type BitNames<F> = F extends { readonly bits: readonly (infer B extends string)[] } ? B : never;
/** Fields of several values in a row (the joints), read back as arrays. */
type ListNames<F> = F extends { readonly count: number; readonly name: infer N extends string } ? N : never;
/** Every other field: one number. */
type NumberNames<F> = F extends { readonly bits: readonly string[] } | { readonly count: number }
  ? never
  : F extends { readonly name: infer N extends string }
    ? N
    : never;

/** Telemetry as numbers; LanderStatus has this shape, and so does what the host decodes. */
export type TelemetryFields = { [K in NumberNames<BodyField>]: number } & {
  readonly [K in ListNames<BodyField>]: readonly number[];
} & { [K in BitNames<BodyField>]: boolean };

export type TelemetryName = keyof TelemetryFields;

/** Every TelemetryFields name in wire order: each field, or each of a flags field's bits. */
export const TELEMETRY_NAMES: readonly TelemetryName[] = Object.freeze(
  TELEMETRY_BODY.flatMap((f: BodyField): readonly string[] => ("bits" in f ? f.bits : [f.name])) as TelemetryName[],
);

/** Writes every telemetry field of `target` at rest: zeros, false, and each list its count of zeros. */
export function clearTelemetry(target: TelemetryFields): TelemetryFields {
  const record = target as unknown as Record<string, unknown>;
  for (let i = 0; i < TELEMETRY_BODY.length; i++) {
    const field: BodyField = TELEMETRY_BODY[i];
    if ("bits" in field) for (const bit of field.bits) record[bit] = false;
    else record[field.name] = "count" in field ? new Array<number>(field.count).fill(0) : 0;
  }
  return target;
}

/**
 * A class whose instances start with every telemetry field at rest: the lander's status extends
 * it, so a field added to the layout is in the status without being written there too.
 */
// Only a constructor, on purpose: a base whose fields come from a table, not from declarations.
// eslint-disable-next-line @typescript-eslint/no-extraneous-class
export const TelemetryRecord = class {
  constructor() {
    clearTelemetry(this as unknown as TelemetryFields);
  }
} as new () => TelemetryFields;

/** A telemetry record at rest, with `values` over it: the starting point of a fixture or a blank status. */
export function blankTelemetry(values: Partial<TelemetryFields> = {}): TelemetryFields {
  return Object.assign(clearTelemetry({} as TelemetryFields), values);
}

/** A copy of the telemetry fields of `source` (joints copied too): a snapshot that will not change under its reader. */
export function copyTelemetry(source: Readonly<TelemetryFields>): TelemetryFields {
  const copy: Record<string, unknown> = {};
  for (const name of TELEMETRY_NAMES) {
    const value = source[name];
    copy[name] = Array.isArray(value) ? value.slice() : value;
  }
  return copy as unknown as TelemetryFields;
}
