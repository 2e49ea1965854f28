import type { ServoName } from "./xs/model/world";
import type { VirtualLander } from "./virtual-lander";

/** A fault the simulator injects at a moment of simulation time. */
export type ScheduledFault =
  | { readonly atMs: number; readonly kind: "jam"; readonly servo: ServoName }
  | { readonly atMs: number; readonly kind: "stall" | "brownout" | "reset" | "disconnect" | "reconnect" };

export const FAULT_KINDS = ["jam:<servo>", "stall", "brownout", "reset", "disconnect", "reconnect"] as const;

/** Injects one fault into the running simulation. */
export async function inject(lander: VirtualLander, fault: ScheduledFault): Promise<void> {
  switch (fault.kind) {
    case "jam":
      await lander.jam(fault.servo);
      return;
    case "stall":
      await lander.seizeDrill();
      return;
    case "brownout":
      await lander.reset("brownout");
      return;
    case "reset":
      await lander.reset("button");
      return;
    case "disconnect":
      await lander.disconnect(true);
      return;
    case "reconnect":
      await lander.disconnect(false);
      return;
  }
}

/** Describes a fault for the simulator's log. */
export function describeFault(fault: ScheduledFault): string {
  return fault.kind === "jam"
    ? `jammed ${fault.servo} servo`
    : fault.kind === "stall"
      ? "seized drill bit"
      : fault.kind;
}
