import { createInterface, type Interface } from "node:readline";
import type { Command } from "commander";
import { Mode } from "../../../../firmware/lander/status";
import type { ByteTransport } from "../../link/byte-transport";
import type { LanderClient } from "../../link/lander-client";
import { UserError } from "../../errors";
import { loadNamedBoard } from "../board-option";
import { CONSOLE_TELEMETRY_MS, runConsoleLine, type ConsoleSession } from "../console-commands";
import { HolderGoneError } from "../../link/attach-transport";
import { abortToSafe, addLinkOptions, checkLinkOptions, withLander, type LinkOptionValues } from "../flight";
import { watchInterrupt } from "../interrupt";
import { eventText, hexRows, statusLine } from "../lander-lines";
import { openClient, type LanderLink } from "../lander-link";
import { PTY_OPTION_HELP, watchedSimulator } from "../watch-simulator";

interface ConsoleOptions extends LinkOptionValues {
  readonly raw?: boolean;
  readonly telemetry?: boolean;
  readonly drive?: boolean;
}

const PROMPT = "farside> ";
/** How long a string from the link waits for the refusal it may explain (it comes just before the Ack). */
const STRING_HOLD_MS = 100;

/** The link with every byte printed in hex as it goes, each way (--raw). */
function rawLink(link: LanderLink, print: (line: string) => void): LanderLink {
  const show = (way: "rx" | "tx", bytes: Uint8Array): void => hexRows(way, bytes).forEach((row) => print(row));
  return {
    ...link,
    open: async (baudRate, access): Promise<ByteTransport> => {
      const transport = await link.open(baudRate, access);
      return {
        write: (data) => {
          show("tx", data);
          return transport.write(data);
        },
        onData: (listener) =>
          transport.onData((chunk) => {
            show("rx", chunk);
            listener(chunk);
          }),
        onClose: (listener) => transport.onClose(listener),
        close: () => transport.close(),
      };
    },
  };
}

/**
 * Prints a line above the prompt, and redraws the prompt with what was typed so far: the
 * lander's events arrive while the user types.
 */
class ConsoleOutput {
  private prompt: Interface | undefined;

  /** Input and output are a terminal: readline reads keys, keeps history and shows a prompt. */
  constructor(readonly tty: boolean) {}

  readonly print = (line: string): void => {
    process.stdout.write(this.tty ? `\r\x1b[K${line}\n` : `${line}\n`);
    this.prompt?.prompt(true);
  };

  /** From now on until `stopPrompting`, lines are printed above a prompt. */
  startPrompting(rl: Interface): void {
    if (this.tty) this.prompt = rl;
  }

  /** The prompt again, after a command's output (only on a terminal). */
  promptAgain(): void {
    this.prompt?.prompt();
  }

  /** No more prompts: a prompt left on screen is cleared, so what follows (an error on stderr) starts the line. */
  stopPrompting(): void {
    if (this.prompt) process.stdout.write("\r\x1b[K");
    this.prompt = undefined;
  }
}

/**
 * Runs typed lines one after another until quit, Ctrl-C, Ctrl-D (or the end of piped input, once
 * every line before it has run), a signal, or a lost link (rejected with it).
 */
function readCommands(
  rl: Interface,
  session: ConsoleSession,
  out: ConsoleOutput,
  stopped: Promise<unknown>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let chain: Promise<void> = Promise.resolve();
    let done = false;
    const finish = (error?: unknown): void => {
      if (done) return;
      done = true;
      rl.close();
      if (error) reject(error);
      else resolve();
    };
    rl.on("line", (line) => {
      chain = chain
        .then(async () => {
          if (done) return;
          if ((await runConsoleLine(session, line)) === "quit") finish();
          else if (!done) out.promptAgain();
        })
        .catch(finish);
    });
    rl.on("close", () => void chain.then(() => finish()));
    // Ctrl-C typed at the prompt (readline reads it as a key, not a signal).
    rl.on("SIGINT", () => finish());
    void stopped.then(() => finish());
    session.client.on("close", (error) => {
      // Attached to another farside that has finished: the console ends as monitor does, quietly.
      if (error instanceof HolderGoneError) {
        session.print(`${error.message}: nothing left to watch`);
        finish();
        return;
      }
      finish(
        new UserError(
          `lost the link to the lander${error ? ` (${error.message})` : ""}: the simulator or the USB cable went away`,
        ),
      );
    });
  });
}

/** A console that armed the lander leaves it safe and disarmed; any other it leaves as it found it. */
async function leave(client: LanderClient, session: ConsoleSession | undefined, linkLost: boolean): Promise<void> {
  if (session?.armedHere && !linkLost) {
    try {
      const s = await client.status();
      if (s.mode === Mode.Running || s.mode === Mode.Paused) await abortToSafe(client);
      await client.disarm();
      session.print("left the lander safe and disarmed (this console armed it)");
    } catch (error) {
      await client.close();
      throw new UserError(`could not leave the lander safe: ${(error as Error).message} (farside status tells)`);
    }
  }
  await client.close();
}

async function runConsole(link: LanderLink, baudRate: number, options: ConsoleOptions, out: ConsoleOutput) {
  const print = out.print;
  // Attached to another farside's port it watches and may stop the lander; --drive lets it arm.
  const client = await openClient(
    options.raw ? rawLink(link, print) : link,
    baudRate,
    options.drive ? "drive" : "watch",
  );
  // A signal (SIGTERM, or Ctrl-C while input is piped) ends the console as quit does.
  const interrupt = watchInterrupt();
  let session: ConsoleSession | undefined;
  let linkLost = false;
  client.on("close", (error) => (linkLost = error !== undefined));
  // Status lines only after `telemetry on`, at most one a second: attached to another farside's
  // port the frames come at the rate that farside asked for.
  let lastStatusMs = -Infinity;
  try {
    // Unwatched, like monitor: a console that goes away never stops the lander by its silence.
    const info = await client.connect({ watch: false });
    print(`${info.boardId} firmware ${info.firmwareVersion}: type help for the commands; quit or Ctrl-C leaves`);
    client.on("event", (e) => print(eventText(e)));
    // Firmata strings: why the lander refused a jog or a mission, which Firmata clients never show.
    client.on("string", (text) => {
      if (!session) return print(`lander: ${text}`);
      const current = session;
      if (current.heldString) {
        clearTimeout(current.heldString.timer);
        print(`lander: ${current.heldString.text}`);
      }
      const timer = setTimeout(() => {
        current.heldString = undefined;
        print(`lander: ${text}`);
      }, STRING_HOLD_MS);
      current.heldString = { text, timer };
    });
    client.on("telemetry", (t) => {
      if (!session?.showTelemetry || t.nowMs - lastStatusMs < CONSOLE_TELEMETRY_MS) return;
      lastStatusMs = t.nowMs;
      print(statusLine(t));
    });
    session = { client, board: () => loadNamedBoard(info.boardId), print, armedHere: false, showTelemetry: false };
    if (options.telemetry) await runConsoleLine(session, "telemetry on");
    const rl = createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: out.tty,
      prompt: PROMPT,
      historySize: 200,
      removeHistoryDuplicates: true,
    });
    out.startPrompting(rl);
    out.promptAgain();
    try {
      await readCommands(rl, session, out, interrupt.stopped);
    } finally {
      out.stopPrompting();
    }
  } finally {
    interrupt.release();
    await leave(client, session, linkLost);
  }
}

export function register(program: Command): void {
  addLinkOptions(
    program
      .command("console")
      .description(
        "a serial monitor: the lander's events and messages as they come, and typed commands (help lists them)",
      ),
    {
      sim: "start the simulated lander (in real time, in this process) and drive it from the console",
      pty: PTY_OPTION_HELP,
    },
    (command) =>
      command
        .option("--telemetry", "print a status line every second from the start (telemetry on|off at the prompt)")
        .option("--raw", "also print every byte of the link in hex, each way")
        .option(
          "--drive",
          "attached to another farside's port: may arm the lander and drive it (else it watches and stops)",
        ),
  ).action(async (options: ConsoleOptions) => {
    const baudRate = checkLinkOptions(options);
    const out = new ConsoleOutput(process.stdin.isTTY === true && process.stdout.isTTY === true);
    const startSim = watchedSimulator(
      options,
      undefined,
      (port) => `farside sim on ${port}: other programs can open it too`,
      out.print,
    );
    await withLander(options.port, startSim, (link) => runConsole(link, baudRate, options, out));
  });
}
