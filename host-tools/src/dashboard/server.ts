// The dashboard: one local web page that shows the lander live and drives it, served by the
// host tool itself from the same LanderClient the CLI uses (so it works while `farside run`
// runs a mission), to any number of tabs over one server-sent-events stream each.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isIPv6, type AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import type { BoardConfig } from "../../../firmware/board/config";
import { JOINT_NAMES } from "../../../firmware/board/config";
import { EventKind } from "../../../firmware/protocol/messages";
import { MODE_NAMES } from "../../../firmware/lander/status";
import { FAULT_NAMES } from "../../../firmware/safety/faults";
import { PHASE_NAMES } from "../../../firmware/sequence/phases";
import type { ClientEvents } from "../link/client-contract";
import type { LanderClient } from "../link/lander-client";
import type { Layer } from "../sim/protocol";
import { RecentHistory, type StreamMessage } from "./history";
import { dashboardPage, type DashboardPage } from "./page";

/**
 * Whom the page listens to: the client of the link, whose controls it drives, or (watch-only)
 * something that reports what a client would while another program drives the lander.
 */
type LanderSource =
  | { readonly client: LanderClient; readonly watch?: undefined }
  | { readonly client?: undefined; readonly watch: EventEmitter<ClientEvents> };

export type DashboardOptions = LanderSource & {
  readonly board: BoardConfig;
  /** 127.0.0.1 unless asked otherwise. */
  readonly host?: string;
  readonly port?: number;
  /** The simulator's regolith, drawn under the lander when there is one. */
  readonly layers?: readonly Layer[];
  /** The mission being run, for the timeline; its marker names for the event list. */
  readonly mission?: {
    readonly name: string;
    readonly steps: number;
    readonly estimateMs: number;
    readonly markers?: readonly string[];
  };
};

/** Largest request body a control may carry, in bytes as sent. */
const MAX_BODY_BYTES = 1024;

/** The addresses that keep the dashboard on this machine, where Host and Origin are checked. */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

/** A listening address as it goes in a URL or a Host header: an IPv6 one in brackets. */
/**
 * The address the printed URL names. A wildcard (0.0.0.0, ::) is not an address a phone can
 * open: name this machine's first LAN address instead (127.0.0.1 when it has none).
 */
function urlHost(host: string): string {
  const named = host === "0.0.0.0" || host === "::" ? lanAddress() : host;
  return isIPv6(named) ? `[${named}]` : named;
}

function lanAddress(): string {
  for (const addresses of Object.values(networkInterfaces()))
    for (const address of addresses ?? []) if (address.family === "IPv4" && !address.internal) return address.address;
  return "127.0.0.1";
}

/** Sent with every answer, the page and its refusals alike: nothing but this page runs in it,
 * it is never framed (clickjacking the e-stop or the arm button), and no address leaks out. */
function securityHeaders(page: DashboardPage): Record<string, string> {
  return {
    "content-security-policy": page.contentSecurityPolicy,
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
  };
}

export class Dashboard {
  private readonly streams = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    /** The page's address, with the run's token: the only way in to drive the lander. */
    readonly url: string,
    private readonly token: string,
    /** Host headers this server answers to (its own address, by number or as localhost); undefined: any. */
    private readonly hosts: ReadonlySet<string> | undefined,
    private readonly history: RecentHistory,
  ) {}

  static async start(options: DashboardOptions): Promise<Dashboard> {
    const { board } = options;
    const feed = options.client ?? options.watch;
    // `--host [::1]` as it would be written in a URL means the same address as `::1`.
    const host = (options.host ?? "127.0.0.1").replace(/^\[(.*)\]$/, "$1");
    const info = {
      board: {
        id: board.id,
        name: board.name,
        joints: JOINT_NAMES.map((name) => ({
          name,
          min: board.joints[name].minAngle,
          max: board.joints[name].maxAngle,
          pin: board.joints[name].pin,
        })),
        travelMm: board.drill.feed.travelMm,
        poses: board.poses,
        lid: { open: board.lid.open, closed: board.lid.closed },
        flag: { open: board.flag.open, closed: board.flag.closed },
      },
      names: { modes: MODE_NAMES, phases: PHASE_NAMES, faults: FAULT_NAMES },
      layers: options.layers ?? [],
      mission: options.mission ?? null,
      watchOnly: options.client === undefined,
    };
    // The server exists before the dashboard that answers it: requests wait for it.
    const ready: { dashboard?: Dashboard } = {};
    const page = dashboardPage();
    const headers = securityHeaders(page);
    const server = createServer((request, response) => {
      for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
      if (ready.dashboard) void ready.dashboard.handle(request, response, options, info, page.html);
      else response.writeHead(503).end();
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const token = randomBytes(16).toString("hex");
    const hosts = new Set([`${urlHost(host)}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`]);
    // Bound beyond this machine on purpose (--host): any Host, but Origin must still match it.
    const dashboard = new Dashboard(
      server,
      `http://${urlHost(host)}:${port}/?token=${token}`,
      token,
      LOOPBACK.has(host) ? hosts : undefined,
      new RecentHistory(options.mission?.markers),
    );
    ready.dashboard = dashboard;
    const { history } = dashboard;
    feed.on("telemetry", (t) => dashboard.broadcast(history.telemetry(t)));
    feed.on("event", (e) => {
      dashboard.broadcast(history.event(e));
      // A new phase, or a mode that ends one: the shading behind the charts changes.
      if (e.event === EventKind.PhaseEntered || e.event === EventKind.ModeChanged) dashboard.broadcastPhases();
    });
    feed.on("string", (text) => dashboard.broadcast(history.note(text)));
    return dashboard;
  }

  /** How many tabs are watching. */
  get watchers(): number {
    return this.streams.size;
  }

  private broadcast(message: StreamMessage): void {
    const text = sse(message.kind, message.data);
    for (const stream of this.streams) stream.write(text);
  }

  private broadcastPhases(): void {
    const text = sse("phases", this.history.phases());
    for (const stream of this.streams) stream.write(text);
  }

  private async handle(
    request: IncomingMessage,
    response: ServerResponse,
    options: DashboardOptions,
    info: object,
    html: string,
  ): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    try {
      // A page from another site, or one that rebinds its own name to this address, must not
      // reach the lander: only this server's own Host, and for controls its own Origin and the
      // run's token.
      const host = request.headers.host ?? "";
      if (this.hosts && !this.hosts.has(host)) throw new Forbidden("unknown Host");
      if (request.method === "GET" && url.pathname === "/") {
        response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
        response.end(html);
        return;
      }
      // A browser asks for an icon with every load: nothing, rather than a 404 in its console.
      if (request.method === "GET" && url.pathname === "/favicon.ico") {
        response.writeHead(204).end();
        return;
      }
      if (request.method === "GET" && url.pathname === "/events") {
        if (!this.tokenMatches(url.searchParams.get("token"))) throw new Forbidden("missing or wrong token");
        response.writeHead(200, {
          "content-type": "text/event-stream",
          "cache-control": "no-store",
          connection: "keep-alive",
        });
        // A tab that opens mid-run gets the run so far first, then the live stream, in one go:
        // nothing arrives between the two to be lost or sent twice.
        const backlog = [sse("info", info), ...this.history.messages().map((m) => sse(m.kind, m.data))];
        response.write(backlog.join("") + sse("phases", this.history.phases()));
        this.streams.add(response);
        request.on("close", () => this.streams.delete(response));
        return;
      }
      if (request.method === "POST" && url.pathname.startsWith("/api/")) {
        const origin = request.headers.origin;
        if (origin === undefined || origin.replace(/^http:\/\//, "") !== host) throw new Forbidden("wrong Origin");
        if (!this.tokenMatches(request.headers["x-farside-token"])) throw new Forbidden("missing or wrong token");
        const body = await readBody(request);
        await this.control(url.pathname.slice(5), body, options);
        response.writeHead(204).end();
        return;
      }
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    } catch (error) {
      const message = (error as Error).message.split("\n")[0] ?? "failed";
      const code = error instanceof Forbidden ? 403 : error instanceof BadRequest ? 400 : 409;
      response.writeHead(code, { "content-type": "text/plain" }).end(message);
    }
  }

  private async control(action: string, body: string, options: DashboardOptions): Promise<void> {
    const { client, board } = options;
    if (!client) throw new Conflict("watch-only: another program drives the lander through its port");
    switch (action) {
      case "arm":
        return client.arm();
      case "disarm":
        return client.disarm();
      case "start":
        return client.start();
      case "pause":
        return client.pause();
      case "resume":
        return client.resume();
      case "abort":
        return client.abort();
      case "estop":
        return client.estop();
      case "jog": {
        const parsed = jogRequest(body);
        const joint = JOINT_NAMES.find((name) => name === parsed.joint);
        const angle = Number(parsed.angle);
        if (!joint || !Number.isFinite(angle)) throw new BadRequest("jog wants a joint name and an angle");
        const limits = board.joints[joint];
        // The lander clamps too; the dashboard never asks for more than the limits.
        return client.moveServo(limits.pin, Math.min(limits.maxAngle, Math.max(limits.minAngle, angle)));
      }
    }
    throw new BadRequest(`unknown control ${action}`);
  }

  private tokenMatches(given: unknown): boolean {
    if (typeof given !== "string" || given.length !== this.token.length) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(this.token));
  }

  async close(): Promise<void> {
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

class BadRequest extends Error {}
class Conflict extends Error {}

/** One message of a server-sent-events stream. */
function sse(kind: string, data: unknown): string {
  return `event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`;
}
class Forbidden extends Error {}

/** A jog's body: a JSON object, whose fields the caller checks. */
function jogRequest(body: string): { joint?: unknown; angle?: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadRequest("jog wants a JSON object {joint, angle}");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new BadRequest("jog wants a JSON object {joint, angle}");
  return parsed as { joint?: unknown; angle?: unknown };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      bytes += chunk.length;
      if (bytes > MAX_BODY_BYTES) {
        // Keep nothing more, but let the rest drain so the refusal can be answered.
        request.removeAllListeners("data");
        request.resume();
        reject(new BadRequest(`request body over ${MAX_BODY_BYTES} bytes`));
      }
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
