// johnny-five drives the farside lander: it is a Firmata board with the lander's real pin numbers.
// Arms it, moves the shoulder to 90°, reads drill depth (A0) and phase (A3) as sensors, then stows
// and disarms.
//
//   node examples/johnny-five/shoulder.mjs /dev/ttyUSB0        (a flashed board)
//   node examples/johnny-five/shoulder.mjs /tmp/farside-x/lander (a simulated one: the path farside sim prints)
import five from "johnny-five";
import firmataIo from "firmata-io";
import { firmataTransport, loadBoard } from "farside";

const port = process.argv[2] ?? "/dev/ttyUSB0";
const boardId = process.argv[3] ?? "esp32-devkitc";
const { joints } = loadBoard(boardId);

// firmata-io's Firmata over farside's serial transport: no native serialport addon to build.
// A board opened after boot has already sent its greeting, so ask for it after 500 ms.
const io = new firmataIo.Firmata(firmataTransport(port), { reportVersionTimeout: 500 });
const board = new five.Board({ io, repl: false, debug: false });

// The lander ignores servo writes until it is armed (docs/protocol.md, "Arming"). One sysex arms
// it: farside's lander message 0x0F, Arm 0x17, request 0 and the check septet, the sum of those
// three bytes mod 128. E-stop, a fault, a reset or two minutes of silence disarm it again.
const LANDER_SYSEX = 0x0f;
const ARM = [LANDER_SYSEX, 0x17, 0x00, 0x26];
const DISARM = [LANDER_SYSEX, 0x18, 0x00, 0x27];
const ACK = 0x41;

/** Sends arm or disarm and resolves with the lander's answer (0 is ok). */
function landerCommand(message) {
  return new Promise((resolve) => {
    // firmata-io hands over the sysex between its command byte and F7: [Ack, request, command, result, check].
    io.sysexResponse(LANDER_SYSEX, (data) => {
      if (data[0] !== ACK || data[2] !== message[1]) return;
      io.clearSysexResponse(LANDER_SYSEX);
      resolve(data[3]);
    });
    io.sysexCommand(message);
  });
}

board.on("ready", async () => {
  console.log(JSON.stringify({ ready: io.firmware.name, pins: io.pins.length }));
  const armed = await landerCommand(ARM);
  console.log(JSON.stringify({ armed: armed === 0 }));
  if (armed !== 0) {
    console.error("farside example: the lander would not arm (is its e-stop pressed?)");
    process.exit(2);
  }
  const shoulder = new five.Servo({
    pin: joints.shoulder.pin,
    range: [joints.shoulder.minAngle, joints.shoulder.maxAngle],
  });
  const depth = new five.Sensor({ pin: "A0", freq: 250 });
  const phase = new five.Sensor({ pin: "A3", freq: 250 });
  depth.on("data", () => console.log(JSON.stringify({ depthMm: depth.value / 10, phase: phase.value })));

  shoulder.to(90, 1500);
  board.wait(2500, () => {
    console.log(JSON.stringify({ shoulder: shoulder.position }));
    shoulder.to(joints.shoulder.home, 1500);
    board.wait(2000, async () => {
      await landerCommand(DISARM);
      io.transport.close().then(() => process.exit(0));
    });
  });
});

board.on("error", (error) => {
  console.error(`farside example: ${error.message ?? error}`);
  process.exit(2);
});
