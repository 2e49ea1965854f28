import {
  ADC_RANGE_MV,
  JOINT_NAMES,
  adcFullScaleVolts,
  type BoardConfig,
  type InputConfig,
  type ServoCalibration,
} from "../../../firmware/board/config";
import { REQUIRED_POSES } from "../../../firmware/arm/arm";
import { MISSION_LIMITS } from "../../../firmware/mission/limits";
import { CHIPS, ledcChannelCount, type ChipPins } from "./chips";
import { FIRMWARE_LEDC_CHANNEL_MAP } from "./firmware-build";
import { escapePointer } from "./json-keys";

/** One problem in a board file: a JSON pointer into it ("/" for the whole file) and what is wrong there. */
export interface BoardProblem {
  readonly path: string;
  readonly message: string;
}

function outputProblem(chip: ChipPins, pin: number): string | undefined {
  if (!chip.gpios.includes(pin)) return `GPIO${pin} does not exist on the ${chip.name}`;
  if (chip.flash.includes(pin)) return `GPIO${pin} belongs to the ${chip.name}'s flash or PSRAM`;
  if (chip.strapping.includes(pin)) return `GPIO${pin} is a strapping pin: a servo on it can stop the board booting`;
  if (chip.inputOnly.includes(pin)) return `GPIO${pin} is input-only on the ${chip.name}`;
  if (chip.usb.includes(pin)) return `GPIO${pin} carries the ${chip.name}'s native USB`;
  return undefined;
}

function inputProblem(chip: ChipPins, input: InputConfig): string | undefined {
  const pin = input.pin;
  if (!chip.gpios.includes(pin)) return `GPIO${pin} does not exist on the ${chip.name}`;
  if (chip.flash.includes(pin)) return `GPIO${pin} belongs to the ${chip.name}'s flash or PSRAM`;
  if (chip.usb.includes(pin)) return `GPIO${pin} carries the ${chip.name}'s native USB`;
  if (input.pull !== "none" && chip.inputOnly.includes(pin)) return `GPIO${pin} has no internal pull resistor`;
  if (chip === CHIPS.esp32 && pin === 12 && input.pull === "up")
    return "a pull-up on GPIO12 selects 1.8 V flash at reset";
  return undefined;
}

/** A UART pin: it must exist and be free of the flash and native USB; the transmit pin drives. */
function linkProblem(chip: ChipPins, pin: number, transmit: boolean): string | undefined {
  if (!chip.gpios.includes(pin)) return `GPIO${pin} does not exist on the ${chip.name}`;
  if (chip.flash.includes(pin)) return `GPIO${pin} belongs to the ${chip.name}'s flash or PSRAM`;
  if (chip.usb.includes(pin)) return `GPIO${pin} carries the ${chip.name}'s native USB`;
  if (transmit && chip.inputOnly.includes(pin))
    return `GPIO${pin} is input-only on the ${chip.name}: it cannot transmit`;
  return undefined;
}

/**
 * An e-stop must fail safe: a broken wire or an unplugged switch leaves the pin to its pull
 * resistor, and that level must read as tripped (activeLevel). So a pull-up needs activeLevel
 * 1 (a normally-closed switch to GND), a pull-down activeLevel 0 (to 3.3 V), and no pull at
 * all is refused: a floating pin reads whatever it picks up.
 */
function estopProblem(estop: InputConfig): string | undefined {
  if (estop.pull === "none")
    return 'with pull "none" a broken e-stop wire floats and may never trip: use pull "up" with activeLevel 1';
  const idle = estop.pull === "up" ? 1 : 0;
  if (estop.activeLevel !== idle)
    return `with pull "${estop.pull}" and activeLevel ${estop.activeLevel} a broken e-stop wire reads ${idle}, not tripped: use activeLevel ${idle} (a normally-closed switch to ${idle === 1 ? "GND" : "3.3 V"})`;
  return undefined;
}

/**
 * The share of the ADC's full scale a sense pin may reach at the most it is meant to measure:
 * about 2.3 V of 2.45 V, margin for divider and shunt tolerance and for the calibration's error
 * near the top of the range. [HW]
 */
const ADC_USABLE_FRACTION = 0.94;

/** A sense input whose largest meaningful value would not fit under the ADC's full scale. */
function adcProblems(board: BoardConfig): BoardProblem[] {
  const problems: BoardProblem[] = [];
  const fullScale = adcFullScaleVolts(board);
  const limit = fullScale * ADC_USABLE_FRACTION;
  const floor = ADC_RANGE_MV[board.adc.attenuation].min / 1000;
  const scale = `${limit.toFixed(2)} V the ADC reads reliably at ${board.adc.attenuation} dB (full scale ${fullScale} V)`;
  const { battery, servoSense } = board;
  const load = board.drill.load;
  if (battery) {
    const pinVolts = battery.maxVolts / battery.dividerRatio;
    if (pinVolts > limit) {
      problems.push({
        path: "/battery/dividerRatio",
        message: `a full ${battery.maxVolts} V pack puts ${pinVolts.toFixed(2)} V on GPIO${battery.pin}, above the ${scale}`,
      });
    }
    if (battery.minVolts / battery.dividerRatio < floor) {
      problems.push({
        path: "/battery/minVolts",
        message: `${battery.minVolts} V reaches the pin as less than the ${floor} V the ADC can tell apart`,
      });
    }
    if (!(battery.minVolts < battery.maxVolts))
      problems.push({ path: "/battery/minVolts", message: "must be below maxVolts" });
  }
  for (const [path, sense, amps] of [
    ["/drill/load", load, load?.stallAmps],
    ["/servoSense", servoSense, servoSense?.jamAmps],
  ] as const) {
    if (!sense || amps === undefined) continue;
    const pinVolts = amps / sense.ampsPerVolt;
    if (pinVolts > limit) {
      problems.push({
        path: `${path}/ampsPerVolt`,
        message: `the ${amps} A threshold puts ${pinVolts.toFixed(2)} V on GPIO${sense.pin}, above the ${scale}`,
      });
    }
  }
  return problems;
}

function servoProblems(path: string, cal: ServoCalibration): BoardProblem[] {
  const problems: BoardProblem[] = [];
  if (!(cal.minAngle < cal.maxAngle)) problems.push({ path, message: "minAngle must be below maxAngle" });
  if (cal.minUs === cal.maxUs) problems.push({ path, message: "minUs and maxUs must differ" });
  if (cal.home < cal.minAngle || cal.home > cal.maxAngle) {
    problems.push({ path: `${path}/home`, message: `home ${cal.home}° is outside ${cal.minAngle}..${cal.maxAngle}°` });
  }
  return problems;
}

export interface CheckOptions {
  /** LEDC channels the firmware's build gives Moddable's PWM; the manifest's by default. */
  readonly ledcChannelMap?: number;
}

/**
 * The checks a schema cannot make: pins the chip can really use for what they drive, each pin
 * used once, limits that make sense, poses inside the joints' limits, a PWM setup the LEDC can
 * produce. Returns every problem, not just the first.
 */
export function checkBoard(board: BoardConfig, options: CheckOptions = {}): BoardProblem[] {
  const chip = CHIPS[board.moddable.chip];
  const problems: BoardProblem[] = [];
  const used = new Map<number, string>();
  const use = (path: string, pin: number): void => {
    const other = used.get(pin);
    if (other) problems.push({ path, message: `GPIO${pin} is already used by ${other}` });
    else used.set(pin, path);
  };

  const outputs: [string, number][] = [
    ...JOINT_NAMES.map((name): [string, number] => [`/joints/${name}/pin`, board.joints[name].pin]),
    ["/drill/spin/pin", board.drill.spin.pin],
    ["/drill/feed/pin", board.drill.feed.pin],
    ["/lid/pin", board.lid.pin],
    ["/flag/pin", board.flag.pin],
  ];
  for (const [path, pin] of outputs) {
    use(path, pin);
    const problem = outputProblem(chip, pin);
    if (problem) problems.push({ path, message: problem });
  }
  // Moddable's PWM throws "no ledc channel" at the first output past the map, and the firmware
  // opens every output at boot, so too few channels is a board that reboots forever.
  const map = options.ledcChannelMap ?? FIRMWARE_LEDC_CHANNEL_MAP;
  const channels = ledcChannelCount(chip, map);
  if (outputs.length > channels) {
    problems.push({
      path: "/",
      message:
        `${outputs.length} PWM outputs but Moddable's PWM gets ${channels} LEDC channels on the ${chip.name} ` +
        `(channel map 0x${map.toString(16)}; manifest.json defines pwm.ledc)`,
    });
  }
  use("/ascender/pin", board.ascender.pin);
  const ascender = outputProblem(chip, board.ascender.pin);
  if (ascender) problems.push({ path: "/ascender/pin", message: ascender });

  for (const [path, input] of [
    ["/estop", board.estop],
    ["/start", board.start],
  ] as const) {
    use(`${path}/pin`, input.pin);
    const problem = inputProblem(chip, input);
    if (problem) problems.push({ path: `${path}/pin`, message: problem });
  }
  for (const [path, pin] of [
    ["/drill/load/pin", board.drill.load?.pin],
    ["/battery/pin", board.battery?.pin],
    ["/servoSense/pin", board.servoSense?.pin],
  ] as const) {
    if (pin === undefined) continue;
    use(path, pin);
    if (!chip.adc1.includes(pin)) problems.push({ path, message: `GPIO${pin} is not an ADC1 pin on the ${chip.name}` });
  }
  problems.push(...adcProblems(board));
  const estop = estopProblem(board.estop);
  if (estop) problems.push({ path: "/estop", message: estop });
  for (const [path, pin, transmit] of [
    ["/link/transmit", board.link.transmit, true],
    ["/link/receive", board.link.receive, false],
  ] as const) {
    use(path, pin);
    const problem = linkProblem(chip, pin, transmit);
    if (problem) problems.push({ path, message: problem });
  }
  // A terminal program that asserts DTR without RTS pulls this pin low through the bridge's
  // transistors: as the start button it would start a mission that needs no arming.
  const bridged = board.link.autoProgramPin;
  if (bridged !== undefined) {
    const taken = used.get(bridged);
    if (taken) {
      problems.push({
        path: taken,
        message: `GPIO${bridged} is pulled low by the USB-serial bridge's DTR (its auto-program circuit): a terminal holding DTR would drive it; use another pin`,
      });
    }
  }

  const minHz = chip.minHzByResolution[board.pwm.resolution - 8];
  if (minHz !== undefined && board.pwm.hz < minHz) {
    problems.push({
      path: "/pwm",
      message: `the LEDC cannot make ${board.pwm.hz} Hz at ${board.pwm.resolution} bits (needs ${minHz} Hz or more)`,
    });
  }

  for (const name of JOINT_NAMES) problems.push(...servoProblems(`/joints/${name}`, board.joints[name]));
  for (const part of ["lid", "flag"] as const) {
    const config = board[part];
    problems.push(...servoProblems(`/${part}`, config));
    for (const key of ["open", "closed"] as const) {
      if (config[key] < config.minAngle || config[key] > config.maxAngle) {
        problems.push({
          path: `/${part}/${key}`,
          message: `${config[key]}° is outside ${config.minAngle}..${config.maxAngle}°`,
        });
      }
    }
  }
  if (board.drill.spin.stopUs === board.drill.spin.fullUs)
    problems.push({ path: "/drill/spin", message: "stopUs and fullUs must differ" });
  if (board.drill.feed.minUs === board.drill.feed.maxUs)
    problems.push({ path: "/drill/feed", message: "minUs and maxUs must differ" });
  if (board.drill.minFeedRpm > board.drill.spin.maxRpm) {
    problems.push({ path: "/drill/minFeedRpm", message: `above the spin motor's ${board.drill.spin.maxRpm} rpm` });
  }

  for (const pose of REQUIRED_POSES) {
    if (!(pose in board.poses)) problems.push({ path: "/poses", message: `pose "${pose}" is required` });
  }
  for (const [pose, angles] of Object.entries(board.poses)) {
    if (pose.length > MISSION_LIMITS.maxPoseNameChars) {
      problems.push({
        path: `/poses/${escapePointer(pose)}`,
        message: `a pose name of ${pose.length} characters: a mission can name at most ${MISSION_LIMITS.maxPoseNameChars}`,
      });
    }
    for (const joint of JOINT_NAMES) {
      const { minAngle, maxAngle } = board.joints[joint];
      const angle = angles[joint];
      if (angle < minAngle || angle > maxAngle) {
        problems.push({
          path: `/poses/${escapePointer(pose)}/${joint}`,
          message: `${angle}° is outside the ${joint}'s ${minAngle}..${maxAngle}°`,
        });
      }
    }
  }
  const stow = board.poses.stow;
  if (stow) {
    for (const joint of JOINT_NAMES) {
      if (stow[joint] !== board.joints[joint].home) {
        problems.push({
          path: `/joints/${joint}/home`,
          message: `must equal the stow pose (${stow[joint]}°) so the arm boots stowed`,
        });
      }
    }
  }
  return problems;
}
