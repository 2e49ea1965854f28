// Control requests the dashboard must refuse, each checked against what the lander actually
// did: no token, a wrong token, a foreign Origin (a cross-site page), a foreign Host (a DNS-
// rebinding page), an oversized body (counted in bytes), a body that is not an object. Nothing
// may move, and the lander must still answer. Then the headers every answer carries, and the
// same guards on the IPv6 loopback address.
import { networkInterfaces } from "node:os";
import { createHash } from "node:crypto";
import { request, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import { loadBoard } from "../../host-tools/src/boards/load";
import { Dashboard } from "../../host-tools/src/dashboard/server";
import { LanderClient } from "../../host-tools/src/link/lander-client";
import { openSerialPort } from "../../host-tools/src/link/serial-port";
import { SimulatedBoard } from "../../host-tools/src/sim/realtime-board";

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A raw HTTP request, so the Host header can be forged as a rebinding page's would be. An
 * event stream is answered by its headers alone: it never ends by itself. */
function send(url: URL, method: string, path: string, headers: Record<string, string>, body = ""): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const req = request({ host, port: url.port, method, path, headers }, (res) => {
      const answer = { status: res.statusCode ?? 0, headers: res.headers };
      if (res.headers["content-type"] === "text/event-stream") {
        res.destroy();
        resolve({ ...answer, body: "" });
        return;
      }
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ ...answer, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A jog under 1024 characters but over 1024 bytes: 690 three-byte euro signs. */
const MULTIBYTE_JOG = `{"joint":"shoulder","angle":150,"pad":"${"€".repeat(690)}"}`;

describe("attacks on the dashboard", () => {
  const board = loadBoard("esp32-devkitc");
  let sim: SimulatedBoard;
  let client: LanderClient;
  let dashboard: Dashboard;
  const tried: string[] = [];
  const refused: string[] = [];

  beforeAll(async () => {
    sim = await SimulatedBoard.start(board, { speed: 4, keepTrace: true });
    client = new LanderClient(await openSerialPort(sim.hostPath));
    await client.connect({ watch: false });
    // Armed by its rightful host, so only the dashboard's own guards stand between a forged
    // request and the motors.
    await client.arm();
    dashboard = await Dashboard.start({ client, board });
  });

  afterAll(async () => {
    console.log(`dashboard attacks: ${tried.length} tried, ${refused.length} refused`);
    await dashboard.close();
    await client.close();
    await sim.stop();
  });

  it("refuses every forged control request and nothing moves", async () => {
    const url = new URL(dashboard.url);
    const token = url.searchParams.get("token")!;
    const own = { host: url.host, origin: url.origin, "x-farside-token": token };
    const attacks: [string, string, Record<string, string>, string?][] = [
      ["no token", "/api/start", { host: own.host, origin: own.origin }],
      ["wrong token", "/api/start", { ...own, "x-farside-token": "0".repeat(32) }],
      ["cross-site Origin", "/api/start", { ...own, origin: "http://evil.example" }],
      ["no Origin", "/api/start", { host: own.host, "x-farside-token": token }],
      [
        "DNS rebinding Host",
        "/api/start",
        { ...own, host: `evil.example:${url.port}`, origin: `http://evil.example:${url.port}` },
      ],
      [
        "jog without token",
        "/api/jog",
        { host: own.host, origin: own.origin },
        JSON.stringify({ joint: "shoulder", angle: 150 }),
      ],
      ["oversized body", "/api/jog", own, `{"joint":"shoulder","angle":150,"pad":"${"x".repeat(4096)}"}`],
      ["oversized in bytes, not characters", "/api/jog", own, MULTIBYTE_JOG],
      ["jog body null", "/api/jog", own, "null"],
      ["jog body an array", "/api/jog", own, "[]"],
    ];
    const badRequests = new Set([
      "oversized body",
      "oversized in bytes, not characters",
      "jog body null",
      "jog body an array",
    ]);
    // The size attack is only one if characters and bytes fall either side of the limit.
    expect([MULTIBYTE_JOG.length < 1024, Buffer.byteLength(MULTIBYTE_JOG) > 2000]).toEqual([true, true]);
    const shoulderBefore = (await sim.lander.world()).servos.shoulder.angle;
    const pwmBefore = sim.lander.trace.pwm.length;
    for (const [name, path, headers, body] of attacks) {
      tried.push(name);
      const { status, body: message } = await send(url, "POST", path, headers, body);
      if (status === 403 || status === 400) refused.push(name);
      expect({ name, status }).toEqual({ name, status: badRequests.has(name) ? 400 : 403 });
      // A refusal says what was wrong, never what broke inside.
      expect(message).not.toMatch(/TypeError|Cannot read|undefined/);
    }
    expect((await send(url, "POST", "/api/jog", own, "null")).body).toBe("jog wants a JSON object {joint, angle}");
    expect((await send(url, "POST", "/api/jog", own, MULTIBYTE_JOG)).body).toBe("request body over 1024 bytes");
    tried.push("event stream without token");
    const { status: stream } = await send(url, "GET", "/events", { host: own.host });
    if (stream === 403) refused.push("event stream without token");
    expect(stream).toBe(403);
    // The lander did nothing: still idle, no pin written (the simulator's PWM record), the
    // shoulder where it was, and it still answers.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const status = await client.status();
    expect(status).toMatchObject({ mode: Mode.Idle, armed: true });
    expect(sim.lander.trace.pwm.length).toBe(pwmBefore);
    expect((await sim.lander.world()).servos.shoulder.angle).toBe(shoulderBefore);
    expect(refused).toEqual(tried);
    // And the real page's own request still works.
    expect((await send(url, "POST", "/api/abort", own)).status).toBe(204);
  });

  it("sends its security headers with every answer, and a CSP that allows exactly the page's own script and style", async () => {
    const url = new URL(dashboard.url);
    const token = url.searchParams.get("token")!;
    const own = { host: url.host, origin: url.origin, "x-farside-token": token };
    const answers: [string, Answer][] = [
      ["page", await send(url, "GET", "/", { host: own.host })],
      ["event stream", await send(url, "GET", `/events?token=${token}`, { host: own.host })],
      ["control", await send(url, "POST", "/api/abort", own)],
      ["refused control", await send(url, "POST", "/api/start", { host: own.host, origin: own.origin })],
      ["foreign Host", await send(url, "GET", "/", { host: `evil.example:${url.port}` })],
      ["unknown path", await send(url, "GET", "/etc/passwd", { host: own.host })],
    ];
    expect(answers.map(([name, a]) => [name, a.status])).toEqual([
      ["page", 200],
      ["event stream", 200],
      ["control", 204],
      ["refused control", 403],
      ["foreign Host", 403],
      ["unknown path", 404],
    ]);
    const page = answers[0]![1];
    for (const [name, answer] of answers) {
      expect({ name, headers: answer.headers }).toMatchObject({
        name,
        headers: {
          "x-frame-options": "DENY",
          "referrer-policy": "no-referrer",
          "x-content-type-options": "nosniff",
          "content-security-policy": page.headers["content-security-policy"],
        },
      });
    }
    const csp = new Map(
      String(page.headers["content-security-policy"])
        .split(";")
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...sources]) => [name!, sources]),
    );
    expect(csp.get("default-src")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(String(page.headers["content-security-policy"])).not.toMatch(/unsafe|\*|https?:/);
    // Each inline script and style the page carries is allowed by its hash, and nothing else is.
    const hashes = (tag: string) =>
      [...page.body.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map(
        ([, text]) => `'sha256-${createHash("sha256").update(text!, "utf8").digest("base64")}'`,
      );
    expect(hashes("script")).toHaveLength(2);
    expect(csp.get("script-src")).toEqual(hashes("script"));
    expect(csp.get("style-src")).toEqual(hashes("style"));
  });

  it("bound to every address (0.0.0.0), prints a URL this machine's LAN address opens, not 0.0.0.0", async () => {
    const wide = await Dashboard.start({ client, board, host: "0.0.0.0" });
    try {
      const url = new URL(wide.url);
      expect(url.hostname).not.toBe("0.0.0.0");
      const lan = Object.values(networkInterfaces())
        .flat()
        .find((a) => a?.family === "IPv4" && !a.internal)?.address;
      expect(url.hostname).toBe(lan ?? "127.0.0.1");
      const token = url.searchParams.get("token")!;
      expect((await send(url, "GET", "/", { host: url.host })).status).toBe(200);
      expect(
        (await send(url, "POST", "/api/abort", { host: url.host, origin: url.origin, "x-farside-token": token }))
          .status,
      ).toBe(204);
    } finally {
      await wide.close();
    }
  });

  it("works on the IPv6 loopback: a bracketed URL, its own bracketed Host, and the same guards", async () => {
    const v6 = await Dashboard.start({ client, board, host: "::1" });
    try {
      expect(v6.url).toMatch(/^http:\/\/\[::1\]:\d+\/\?token=[0-9a-f]{32}$/);
      const url = new URL(v6.url);
      const token = url.searchParams.get("token")!;
      const own = { host: url.host, origin: url.origin, "x-farside-token": token };
      expect(own.host).toBe(`[::1]:${url.port}`);
      expect((await send(url, "GET", "/", { host: own.host })).status).toBe(200);
      expect((await send(url, "GET", `/events?token=${token}`, { host: own.host })).status).toBe(200);
      expect((await send(url, "POST", "/api/abort", own)).status).toBe(204);
      expect((await send(url, "GET", "/", { host: `evil.example:${url.port}` })).status).toBe(403);
      expect((await send(url, "POST", "/api/start", { ...own, origin: "http://evil.example" })).status).toBe(403);
      expect((await send(url, "POST", "/api/start", { host: own.host, origin: own.origin })).status).toBe(403);
    } finally {
      await v6.close();
    }
  });
});
