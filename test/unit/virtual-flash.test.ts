// The virtual flash refuses and costs what Moddable's Preference on the ESP32 refuses and costs
// (sdk:modules/files/preference/esp32/modPreference.c; docs/fidelity.md).
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../host-tools/src/sim/xs/virtual-clock";
import { VirtualFlash } from "../../host-tools/src/sim/xs/virtual-flash";

describe("virtual flash (Preference)", () => {
  it("refuses NVS names over 15 bytes, each call the way the SDK does", () => {
    const flash = new VirtualFlash();
    flash.set("a-domain-of-15c", "a-key-of-15-chr", 1);
    expect(flash.get("a-domain-of-15c", "a-key-of-15-chr")).toBe(1);
    expect(() => flash.set("a-domain-of-16ch", "key", 1)).toThrow(new Error("nvs_open fail"));
    expect(() => flash.set("farside", "a-key-of-16-char", 1)).toThrow(new Error("nvs set fail"));
    expect(() => flash.set("farside", "k".repeat(64), 1)).toThrow(new RangeError("cannot buffer string"));
    expect(flash.get("a-domain-of-16ch", "key")).toBeUndefined();
    expect(() => flash.get("farside", "a-key-of-16-char")).toThrow(new Error("nvs get fail"));
    expect(() => flash.delete("farside", "a-key-of-16-char")).toThrow(new Error("nvs erase fail"));
    // Multi-byte characters count as their UTF-8 bytes.
    expect(() => flash.set("farside", "é".repeat(8), 1)).toThrow("nvs set fail");
  });

  it("keeps 32-bit integers, booleans, strings and ArrayBuffers, and refuses other values", () => {
    const flash = new VirtualFlash();
    flash.set("d", "int", -2147483648);
    flash.set("d", "bool", true);
    flash.set("d", "text", "hello");
    flash.set("d", "blob", new Uint8Array([1, 2, 3]).buffer);
    expect(flash.get("d", "int")).toBe(-2147483648);
    expect(flash.get("d", "bool")).toBe(true);
    expect(flash.get("d", "text")).toBe("hello");
    expect(new Uint8Array(flash.get("d", "blob") as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    for (const value of [1.5, 2 ** 31, -(2 ** 31) - 1, NaN, Infinity])
      expect(() => flash.set("d", "int", value), String(value)).toThrow(new Error("float unsupported"));
    // A refused number leaves the old value: the type check comes before the erase.
    expect(flash.get("d", "int")).toBe(-2147483648);
    for (const value of [new Uint8Array(3), undefined, null, {}])
      expect(() => flash.set("d", "x", value as unknown as number)).toThrow(new Error("unsupported type"));
  });

  it("stores a copy: editing the buffer after set, or the one get returned, changes nothing", () => {
    const flash = new VirtualFlash();
    const bytes = new Uint8Array([7, 8]);
    flash.set("d", "blob", bytes.buffer);
    bytes[0] = 0;
    new Uint8Array(flash.get("d", "blob") as ArrayBuffer)[1] = 0;
    expect(new Uint8Array(flash.get("d", "blob") as ArrayBuffer)).toEqual(new Uint8Array([7, 8]));
  });

  it("refuses values NVS cannot hold: a string over 4000 bytes, a blob over the partition's limit", () => {
    const flash = new VirtualFlash();
    flash.set("d", "text", "x".repeat(3999));
    expect(() => flash.set("d", "text", "x".repeat(4000))).toThrow(new Error("nvs set fail"));
    const empty = new VirtualFlash();
    empty.set("d", "blob", new ArrayBuffer(19_986));
    expect(() => empty.set("d", "blob", new ArrayBuffer(19_987))).toThrow("nvs set fail");
  });

  it("loses the old value when a set fails, since the key was erased first", () => {
    const flash = new VirtualFlash();
    flash.set("farside", "progress", 5);
    flash.failSets = true;
    expect(() => flash.set("farside", "progress", 6)).toThrow(new Error("nvs set fail"));
    expect(flash.get("farside", "progress")).toBeUndefined();
    flash.failSets = false;
    flash.set("farside", "progress", 6);
    expect(flash.get("farside", "progress")).toBe(6);
  });

  it("deletes a missing key without complaint, and throws only when the erase fails", () => {
    const flash = new VirtualFlash();
    flash.delete("farside", "never-set");
    flash.delete("no-such-domain", "key");
    flash.set("farside", "mission", "m");
    flash.failErases = true;
    expect(() => flash.delete("farside", "mission")).toThrow(new Error("nvs erase fail"));
    flash.failErases = false;
    flash.delete("farside", "mission");
    expect(flash.get("farside", "mission")).toBeUndefined();
  });

  it("runs out of space: the partition holds about 630 entries", () => {
    const flash = new VirtualFlash();
    // Each 4000-byte blob takes 127 entries; four fit, a fifth does not.
    for (let i = 0; i < 4; i++) flash.set("d", `b${i}`, new ArrayBuffer(4000));
    expect(() => flash.set("d", "b4", new ArrayBuffer(4000))).toThrow(new Error("nvs set fail"));
    flash.delete("d", "b0");
    flash.set("d", "b4", new ArrayBuffer(4000));
  });

  it("blocks the firmware while it writes: a few ms a value, and a page erase once no page is empty", () => {
    const clock = new VirtualClock();
    const flash = new VirtualFlash(clock);
    flash.set("farside", "mission", new ArrayBuffer(8192));
    // 258 entries: 35 page programs of 0.4 ms; the erased partition still has empty pages.
    expect(clock.ticks).toBe(14);
    let before = clock.ticks;
    for (let i = 0; i < 10; i++) flash.set("farside", "progress", i);
    // 1.2 ms an integer.
    expect(clock.ticks - before).toBe(12);
    // 630 entries fill the five pages NVS may use before it must erase one: the 362 after these
    // cost one 1.2 ms write each, and the page they complete costs a 45 ms erase on top.
    before = clock.ticks;
    for (let i = 0; i < 362; i++) flash.set("farside", "progress", i);
    expect(clock.ticks - before).toBe(Math.floor(362 * 1.2) + 45);
  });

  it("on a well-used partition every page filled costs an erase: 104 ms for an 8 KiB mission", () => {
    const clock = new VirtualClock();
    const flash = new VirtualFlash(clock, { wellUsed: true });
    flash.set("farside", "mission", new ArrayBuffer(8192));
    expect(clock.ticks).toBe(104);
  });
});
