// `farside doctor`: what stands between this machine and a working lander, each finding with
// its fix. Every check reads from an environment that tests can replace.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { PROTOCOL_MAJOR } from "../../../firmware/protocol/codec";
import { LanderClient, type LanderInfo } from "../link/lander-client";
import { listSerialPorts } from "../link/port-list";
import { openSerialPort } from "../link/serial-port";
import { choosePort, NO_ADAPTER } from "../link/port-pick";
import type { PortInfo } from "../link/usb-bridges";
import { chosenXsEngine, type XsEngineKind } from "../xs/engine";

export interface Finding {
  readonly ok: boolean;
  readonly what: string;
  readonly fix?: string;
  /** Needed only for some work (building firmware): not a failure of the machine. */
  readonly optional?: boolean;
}

export interface DoctorEnv {
  readonly nodeVersion: string;
  readonly platform: NodeJS.Platform;
  readonly vars: Readonly<Record<string, string | undefined>>;
  readonly isRoot: boolean;
  groups(): readonly string[];
  exists(file: string): boolean;
  hasCommand(name: string): boolean;
  listPorts(): Promise<readonly PortInfo[]>;
  probe(port: string): Promise<LanderInfo>;
  /** Which XS engine the simulator and tests would start (throws when FARSIDE_XS asks the impossible). */
  xsEngine(): { kind: XsEngineKind; why: string };
}

const MIN_NODE_MAJOR = 20;
const MIN_NODE_MINOR = 19;

export function realEnv(): DoctorEnv {
  return {
    nodeVersion: process.versions.node,
    platform: process.platform,
    vars: process.env,
    isRoot: process.getuid?.() === 0,
    groups: () => {
      try {
        return execFileSync("id", ["-Gn"], { encoding: "utf8" }).trim().split(/\s+/);
      } catch {
        return [];
      }
    },
    exists: existsSync,
    hasCommand: (name) => {
      try {
        execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    },
    listPorts: listSerialPorts,
    xsEngine: () => chosenXsEngine(process.env),
    probe: async (port) => {
      const client = new LanderClient(await openSerialPort(port), { timeoutMs: 300, attempts: 2 });
      try {
        return await client.connect({ watch: false });
      } finally {
        await client.close();
      }
    },
  };
}

export async function diagnose(env: DoctorEnv, port?: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const [major = 0, minor = 0] = env.nodeVersion.split(".").map(Number);
  const nodeOk = major > MIN_NODE_MAJOR || (major === MIN_NODE_MAJOR && minor >= MIN_NODE_MINOR);
  findings.push({
    ok: nodeOk,
    what: `Node.js ${env.nodeVersion}`,
    fix: nodeOk ? undefined : "install Node.js 20.19 or newer (nvm install 20, or your system's package)",
  });
  if (env.platform === "linux") {
    const groups = env.groups();
    const serial = env.isRoot || groups.includes("dialout") || groups.includes("uucp");
    findings.push({
      ok: serial,
      what: serial
        ? "serial ports: you may open them (root, or in dialout)"
        : "serial ports: you are not in the dialout group",
      fix: serial ? undefined : "sudo usermod -aG dialout $USER, then log out and in again",
    });
  }
  // Every --sim command flies the simulator in this process; only a port for other programs
  // (farside sim, --pty) is a socat pseudo-terminal.
  findings.push({
    ok: env.hasCommand("socat"),
    what: env.hasCommand("socat")
      ? "socat: found (farside sim's serial port for other programs)"
      : "socat: missing (only farside sim's pty needs it; --sim commands and farside sim --tcp do not)",
    fix: env.hasCommand("socat") ? undefined : "sudo apt-get install socat (or brew install socat)",
    optional: true,
  });
  findings.push(xsEngineFinding(env));
  const moddable = env.vars.MODDABLE;
  const moddableOk = moddable !== undefined && env.exists(path.join(moddable, "typings"));
  findings.push({
    ok: moddableOk,
    what: moddableOk
      ? `MODDABLE: ${moddable}`
      : moddable
        ? `MODDABLE=${moddable} is not a Moddable SDK`
        : "MODDABLE: not set",
    fix: moddableOk
      ? undefined
      : "only needed to build firmware: npm install -g xs-dev && xs-dev setup (it sets MODDABLE)",
    optional: true,
  });
  const idf = env.vars.IDF_PATH;
  const idfOk = idf !== undefined && env.exists(idf);
  findings.push({
    ok: idfOk,
    what: idfOk ? `IDF_PATH: ${idf}` : idf ? `IDF_PATH=${idf} does not exist` : "IDF_PATH: not set",
    fix: idfOk ? undefined : "only needed to build for an ESP32: xs-dev setup --device esp32",
    optional: true,
  });
  const choice = choosePort(await env.listPorts());
  const listed = choice.ports.map((p) => `${p.path}${p.bridge ? ` (${p.bridge})` : ""}`).join(", ");
  findings.push(portsFinding(choice.kind, listed, port !== undefined));
  const target = port ?? (choice.kind === "one" ? choice.port.path : undefined);
  if (target) {
    try {
      const info = await env.probe(target);
      const compatible = info.protocol.split(".")[0] === String(PROTOCOL_MAJOR);
      findings.push({
        ok: compatible,
        what: `lander on ${target}: ${info.boardId}, firmware ${info.firmwareVersion}, protocol ${info.protocol}`,
        fix: compatible ? undefined : "flash firmware built from this farside (farside build, farside flash)",
      });
    } catch (error) {
      const message = (error as Error).message.split("\n")[0] ?? "";
      findings.push({
        ok: false,
        what: `lander on ${target}: no answer (${message})`,
        fix: probeFix(message),
      });
    }
  }
  return findings;
}

/** The simulator's XS engine: native when the install could compile it, else WebAssembly. */
function xsEngineFinding(env: DoctorEnv): Finding {
  try {
    const { kind, why } = env.xsEngine();
    return kind === "native"
      ? { ok: true, what: `XS engine: native xsnap-worker (${why})` }
      : {
          ok: true,
          what: `XS engine: WebAssembly (${why}; the simulator runs about 1.2 to 1.4× more slowly than on native XS)`,
        };
  } catch (error) {
    return { ok: false, what: `XS engine: ${(error as Error).message}`, fix: "unset FARSIDE_XS, or set it to wasm" };
  }
}

/** The serial ports: fine with the one USB serial adapter farside picks, or with --port given. */
function portsFinding(kind: "one" | "none" | "several", listed: string, portGiven: boolean): Finding {
  if (kind === "one") return { ok: true, what: `ports: ${listed}` };
  if (kind === "several")
    return {
      ok: true,
      what: `ports: ${listed}`,
      fix: portGiven ? undefined : "several USB serial adapters: farside picks none, give the board's with --port PATH",
    };
  return {
    ok: portGiven,
    what: `ports: no USB serial adapter${listed ? ` (only ${listed})` : ""}`,
    fix: portGiven ? undefined : NO_ADAPTER.replace(/^no USB serial adapter found: /, ""),
  };
}

/** Each way a probe fails has its own fix: a missing port is not a firmware problem. */
function probeFix(message: string): string {
  if (/not found/.test(message))
    return "plug the board in (and check the cable carries data), or check the path: farside ports lists them";
  if (/busy/.test(message)) return "close the other program (a serial monitor, another farside) that has the port open";
  if (/permission denied/.test(message)) return "sudo usermod -aG dialout $USER, then log out and in again";
  if (/not a serial port/.test(message)) return "give the board's serial port: farside ports lists them";
  return "flash the farside firmware (farside flash), or check the baud rate and that nothing else has the port";
}

export function formatFinding(finding: Finding): string {
  const mark = finding.ok ? "ok  " : finding.optional ? "info" : "FIX ";
  return `${mark} ${finding.what}${finding.fix ? `\n     -> ${finding.fix}` : ""}`;
}

/** Whether anything must be fixed (optional findings never fail). */
export function needsFixing(findings: readonly Finding[]): boolean {
  return findings.some((finding) => !finding.ok && !finding.optional);
}
