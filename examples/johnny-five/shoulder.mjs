// johnny-five drives the farside lander: it is a Firmata board with the lander's real pin numbers.
// Moves the shoulder to 90°, reads drill depth (A0) and phase (A3) as sensors, then stows.
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

board.on("ready", () => {
  console.log(JSON.stringify({ ready: io.firmware.name, pins: io.pins.length }));
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
    board.wait(2000, () => {
      io.transport.close().then(() => process.exit(0));
    });
  });
});

board.on("error", (error) => {
  console.error(`farside example: ${error.message ?? error}`);
  process.exit(2);
});
