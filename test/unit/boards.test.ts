import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkBoard } from "../../host-tools/src/boards/check";
import { CHIP_FACTS } from "../../firmware/board/chips";
import { CHIPS, DEFAULT_LEDC_CHANNEL_MAP } from "../../host-tools/src/boards/chips";
import { BoardError, listBoardIds, loadBoard, parseBoard } from "../../host-tools/src/boards/load";
import { BOARDS_DIR } from "../../host-tools/src/paths";

function original(id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(BOARDS_DIR, `${id}.json`), "utf8")) as Record<string, unknown>;
}

/** Parses a modified copy of a shipped board and returns its problems, one string each. */
// The copy is parsed JSON that each test breaks in its own deliberately invalid way.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function problemsOf(id: string, change: (board: Record<string, any>) => void): string[] {
  const board = original(id);
  change(board);
  try {
    parseBoard(JSON.stringify(board), `${id}.json`);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(BoardError);
    return [...(error as BoardError).problems];
  }
}

describe("chip facts", () => {
  it("the host's pin facts cover the firmware's chips, and every pin they name is on the die", () => {
    expect(Object.keys(CHIPS).sort()).toEqual(Object.keys(CHIP_FACTS).sort());
    for (const [id, chip] of Object.entries(CHIPS)) {
      const facts = CHIP_FACTS[id as keyof typeof CHIP_FACTS];
      expect(chip.name).toBe(facts.name);
      const named = [
        ...chip.gpios,
        ...chip.flash,
        ...chip.strapping,
        ...chip.inputOnly,
        ...chip.usb,
        ...chip.adc1,
        ...chip.adc2,
      ];
      for (const pin of named) expect(pin, `${id} GPIO${pin}`).toBeLessThan(facts.gpioCount);
      // The highest GPIO the modules bond out is the die's last: Firmata's telemetry pins follow it.
      expect(Math.max(...chip.gpios), id).toBe(facts.gpioCount - 1);
    }
  });
});

describe("board files", () => {
  it("ships the three required boards, each valid", () => {
    expect(listBoardIds()).toEqual(["esp32-devkitc", "esp32-s3-devkitc-1", "xiao-esp32s3"]);
    const platforms = listBoardIds().map((id) => loadBoard(id).moddable.platform);
    expect(platforms).toEqual(["esp32", "esp32/esp32s3", "esp32/xiao_esp32s3"]);
  });

  it("refuses a servo on a strapping pin, a flash pin, an input-only pin and the S3's USB pins", () => {
    expect(problemsOf("esp32-devkitc", (b) => (b.joints.shoulder.pin = 12))).toEqual([
      "/joints/shoulder/pin: GPIO12 is a strapping pin: a servo on it can stop the board booting",
    ]);
    expect(problemsOf("esp32-devkitc", (b) => (b.joints.elbow.pin = 7))).toContain(
      "/joints/elbow/pin: GPIO7 belongs to the ESP32's flash or PSRAM",
    );
    expect(problemsOf("esp32-devkitc", (b) => (b.lid.pin = 36))).toContain(
      "/lid/pin: GPIO36 is input-only on the ESP32",
    );
    expect(problemsOf("esp32-s3-devkitc-1", (b) => (b.flag.pin = 20))).toContain(
      "/flag/pin: GPIO20 carries the ESP32-S3's native USB",
    );
  });

  it("refuses the start button, or anything, on the pin the USB-serial bridge's DTR pulls low", () => {
    // A terminal that holds DTR without RTS would hold the start button pressed: a mission
    // started with no host arming it.
    for (const id of ["esp32-devkitc", "esp32-s3-devkitc-1"]) {
      expect(loadBoard(id).link.autoProgramPin).toBe(0);
      expect(loadBoard(id).start.pin).not.toBe(0);
      expect(problemsOf(id, (b) => (b.start.pin = 0))).toEqual([
        "/start/pin: GPIO0 is pulled low by the USB-serial bridge's DTR (its auto-program circuit): a terminal holding DTR would drive it; use another pin",
      ]);
    }
    // The XIAO has no bridge on its link: its BOOT button stays the start button.
    expect(loadBoard("xiao-esp32s3").start.pin).toBe(0);
  });

  it("refuses a pin used twice, naming both uses", () => {
    expect(problemsOf("esp32-devkitc", (b) => (b.drill.feed.pin = b.joints.scoop.pin))).toEqual([
      "/drill/feed/pin: GPIO18 is already used by /joints/scoop/pin",
    ]);
  });

  it("refuses poses outside a joint's limits and a home that is not the stow pose", () => {
    const problems = problemsOf("xiao-esp32s3", (b) => {
      b.poses.site1.shoulder = 175;
      b.joints.wrist.home = 45;
    });
    expect(problems).toContain("/poses/site1/shoulder: 175° is outside the shoulder's 10..170°");
    expect(problems).toContain("/joints/wrist/home: must equal the stow pose (90°) so the arm boots stowed");
  });

  it("refuses a PWM the LEDC cannot make and an analog input off ADC1", () => {
    const problems = problemsOf("esp32-devkitc", (b) => {
      b.pwm.resolution = 8;
      b.drill.load.pin = 26;
    });
    expect(problems).toContain("/pwm: the LEDC cannot make 50 Hz at 8 bits (needs 65 Hz or more)");
    expect(problems).toContain("/drill/load/pin: GPIO26 is not an ADC1 pin on the ESP32");
  });

  it("counts the PWM outputs against the LEDC channels the build gives Moddable's PWM", () => {
    for (const id of listBoardIds()) {
      expect(checkBoard(loadBoard(id))).toEqual([]);
      const problems = checkBoard(loadBoard(id), { ledcChannelMap: DEFAULT_LEDC_CHANNEL_MAP }).map((p) => p.message);
      expect(problems, id).toEqual([expect.stringMatching(/^8 PWM outputs but Moddable's PWM gets 4 LEDC channels/)]);
    }
  });

  it("refuses sense inputs that would drive the ADC past its 2.45 V full scale", () => {
    const problems = problemsOf("esp32-devkitc", (b) => {
      b.battery.dividerRatio = 3;
      b.drill.load.ampsPerVolt = 0.5;
      b.servoSense.ampsPerVolt = 0.8;
    });
    expect(problems).toEqual([
      "/battery/dividerRatio: a full 8.4 V pack puts 2.80 V on GPIO35, above the 2.30 V the ADC reads reliably at 12 dB (full scale 2.45 V)",
      "/drill/load/ampsPerVolt: the 1.2 A threshold puts 2.40 V on GPIO34, above the 2.30 V the ADC reads reliably at 12 dB (full scale 2.45 V)",
      "/servoSense/ampsPerVolt: the 2 A threshold puts 2.50 V on GPIO32, above the 2.30 V the ADC reads reliably at 12 dB (full scale 2.45 V)",
    ]);
    // At 0 dB the full scale is 0.95 V: the shipped divider no longer fits.
    expect(problemsOf("esp32-s3-devkitc-1", (b) => (b.adc.attenuation = 0))).toContain(
      "/battery/dividerRatio: a full 8.4 V pack puts 2.10 V on GPIO2, above the 0.89 V the ADC reads reliably at 0 dB (full scale 0.95 V)",
    );
    expect(problemsOf("esp32-devkitc", (b) => (b.adc.attenuation = 11))).toContain(
      "/adc/attenuation: must be equal to one of the allowed values",
    );
  });

  it("knows WROOM-32 modules have no GPIO37 or 38", () => {
    expect(problemsOf("esp32-devkitc", (b) => (b.servoSense.pin = 37))).toContain(
      "/servoSense/pin: GPIO37 is not an ADC1 pin on the ESP32",
    );
  });

  it("reports every schema error at once, with its path", () => {
    const problems = problemsOf("esp32-devkitc", (b) => {
      delete b.estop;
      b.joints.wrist.maxUs = 9000;
      b.surprise = true;
    });
    expect(problems).toContain("/: must have required property 'estop'");
    expect(problems).toContain("/joints/wrist/maxUs: must be <= 2600");
    expect(problems).toContain('/: unknown key "surprise"');
  });

  it("says which boards exist when asked for one that does not", () => {
    expect(() => loadBoard("arduino-uno")).toThrow(/no such board file \(known boards: esp32-devkitc, /);
  });
});
