// Control requests the dashboard must refuse, each checked against what the lander actually
// did: no token, a wrong token, a foreign Origin (a cross-site page), a foreign Host (a DNS-
// rebinding page), an oversized body. Nothing may move, and the lander must still answer.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/lander/status";
import { loadBoard } from "../../host-tools/src/boards/load";
import { Dashboard } from "../../host-tools/src/dashboard/server";
import { LanderClient } from "../../host-tools/src/link/lander-client";
import { openSerialPort } from "../../host-tools/src/link/serial-port";
import { SimulatedBoard } from "../../host-tools/src/sim/realtime-board";

/** A raw HTTP request, so the Host header can be forged as a rebinding page's would be. */
function send(url: URL, method: string, path: string, headers: Record<string, string>, body = ""): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(body);
  });
}

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
    ];
    const shoulderBefore = (await sim.lander.world()).servos.shoulder.angle;
    const pwmBefore = sim.lander.trace.pwm.length;
    for (const [name, path, headers, body] of attacks) {
      tried.push(name);
      const status = await send(url, "POST", path, headers, body);
      if (status === 403 || status === 400) refused.push(name);
      expect({ name, status }).toEqual({ name, status: name === "oversized body" ? 400 : 403 });
    }
    tried.push("event stream without token");
    const stream = await send(url, "GET", "/events", { host: own.host });
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
    expect(await send(url, "POST", "/api/abort", own)).toBe(204);
  });
});
