// farside as a library: what a script (a johnny-five program, a HIL test) needs to reach a lander.
export { firmataTransport, FirmataTransport } from "./link/firmata-transport";
export type { ByteTransport } from "./link/byte-transport";
export { openSerialPort } from "./link/serial-port";
export { LanderClient, MissionRefusedError, RefusedError, type LanderInfo } from "./link/lander-client";
export { SimulatedBoard } from "./sim/realtime-board";
export { loadBoard, listBoardIds } from "./boards/load";
