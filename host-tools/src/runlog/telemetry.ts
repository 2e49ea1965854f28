import type { Telemetry } from "../link/lander-decode";
import type { TelemetryLine } from "./format";

/** Telemetry as the log keeps it: the decoder's tag is implied by the line's type. */
export function telemetryLine(t: Telemetry): Omit<TelemetryLine, "t"> {
  const lander = Object.fromEntries(Object.entries(t).filter(([key]) => key !== "kind")) as TelemetryLine["lander"];
  return { type: "telemetry", lander };
}
