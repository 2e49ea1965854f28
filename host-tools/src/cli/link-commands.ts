import { lazyCliProgress } from "../lazy";
import { MODE_NAMES } from "../../../firmware/lander/status";
import { EventKind } from "../../../firmware/protocol/codec";
import { FAULT_NAMES } from "../../../firmware/safety/faults";
import { PHASE_NAMES } from "../../../firmware/sequence/phases";
import { LanderClient } from "../link/lander-client";
import { openSerialPort } from "../link/serial-port";
import type { CheckedMission } from "../mission/load";
import { UserError } from "./errors";
import { uploadChecked } from "./mission-upload";

/** `farside upload`: checks the mission is for this lander's board and stores it there, with a progress bar. */
export async function uploadCommand(
  port: string,
  baudRate: number,
  mission: CheckedMission,
  print: (line: string) => void,
): Promise<void> {
  const client = new LanderClient(await openSerialPort(port, { baudRate }));
  try {
    const info = await client.connect({ watch: false });
    if (info.boardId !== mission.board.id) {
      throw new UserError(
        `${mission.path} was checked for ${mission.board.id} but the lander is ${info.boardId}: use --board ${info.boardId}`,
      );
    }
    const bar = process.stdout.isTTY
      ? new (lazyCliProgress().SingleBar)({ format: "uploading {bar} {value}/{total} bytes", hideCursor: true })
      : undefined;
    bar?.start(mission.bytes.length, 0);
    let result: Awaited<ReturnType<typeof uploadChecked>>;
    try {
      result = await uploadChecked(client, mission, (sent) => bar?.update(sent));
    } finally {
      bar?.stop();
    }
    print(
      `uploaded "${mission.compiled.mission.name}" to ${info.boardId}: ${mission.bytes.length} bytes in ${result.chunks} chunks${result.resent > 0 ? ` (${result.resent} resent)` : ""}, CRC-32 ${result.crc.toString(16).padStart(8, "0")}; farside run --port ${port} starts it`,
    );
  } finally {
    await client.close();
  }
}

/**
 * `farside monitor`: live status until Ctrl-C, one line a second (rewritten in place on a
 * terminal). It does not ask to be watched, so watching never stops the lander.
 */
export async function monitorCommand(port: string, baudRate: number, print: (line: string) => void): Promise<void> {
  const client = new LanderClient(await openSerialPort(port, { baudRate }));
  const tty = process.stdout.isTTY === true;
  try {
    const info = await client.connect({ watch: false });
    print(`${info.boardId} firmware ${info.firmwareVersion}: Ctrl-C to stop watching (the lander carries on)`);
    client.on("event", (e) => {
      if (e.event === EventKind.Fault && e.value !== 0)
        print(`${tty ? "\n" : ""}FAULT ${FAULT_NAMES[e.value] ?? e.value}`);
    });
    client.on("telemetry", (t) => {
      const joints = t.joints.map((angle) => angle.toFixed(0)).join("/");
      const line = `${(t.nowMs / 1000).toFixed(1).padStart(7)} s  ${(MODE_NAMES[t.mode] ?? "?").padEnd(8)} ${(PHASE_NAMES[t.phase] ?? "?").padEnd(13)} step ${String(t.step).padStart(3)}  joints ${joints}°  drill ${t.depthMm.toFixed(1)} mm ${t.rpm} rpm ${t.loadAmps.toFixed(2)} A  battery ${t.batteryVolts.toFixed(2)} V${t.armed ? "  ARMED" : ""}${t.estop ? "  E-STOP" : ""}`;
      if (tty) process.stdout.write(`\r${line}\x1b[K`);
      else print(line);
    });
    await client.setTelemetry(1000);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
    if (tty) process.stdout.write("\n");
  } finally {
    await client.close();
  }
}
