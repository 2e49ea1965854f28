// Firmata 2.x byte values, from firmata/protocol (protocol.md, servos.md, pin-state-query.md)
// and firmata.js. Only what the lander speaks is listed.

/** The Firmata protocol version the lander reports (REPORT_VERSION). */
export const FIRMATA_MAJOR = 2;
export const FIRMATA_MINOR = 6;

// Messages whose low nibble is a pin, port or channel.
export const DIGITAL_MESSAGE = 0x90;
export const REPORT_ANALOG = 0xc0;
export const REPORT_DIGITAL = 0xd0;
export const ANALOG_MESSAGE = 0xe0;

// Single-byte and fixed-length messages.
export const START_SYSEX = 0xf0;
export const SET_PIN_MODE = 0xf4;
export const SET_DIGITAL_PIN_VALUE = 0xf5;
export const END_SYSEX = 0xf7;
export const REPORT_VERSION = 0xf9;
export const SYSTEM_RESET = 0xff;

// Sysex commands.
export const ANALOG_MAPPING_QUERY = 0x69;
export const ANALOG_MAPPING_RESPONSE = 0x6a;
export const CAPABILITY_QUERY = 0x6b;
export const CAPABILITY_RESPONSE = 0x6c;
export const PIN_STATE_QUERY = 0x6d;
export const PIN_STATE_RESPONSE = 0x6e;
export const EXTENDED_ANALOG = 0x6f;
export const SERVO_CONFIG = 0x70;
export const STRING_DATA = 0x71;
export const REPORT_FIRMWARE = 0x79;
export const SAMPLING_INTERVAL = 0x7a;

/** Pin modes (the IO-plugin MODES use the same numbers). */
export const enum PinMode {
  Input = 0x00,
  Output = 0x01,
  Analog = 0x02,
  Pwm = 0x03,
  Servo = 0x04,
  Pullup = 0x0b,
  Unset = 0x7f,
}

/** Ends a pin's list in a capability response; in an analog mapping it means "not analog". */
export const NONE = 0x7f;

/** Firmata's servo convention: analog values below this are degrees, from it up microseconds. */
export const FIRST_MICROSECOND_VALUE = 544;

/**
 * Bytes that follow a status byte; -1 for status bytes Firmata does not define. REPORT_VERSION
 * is a bare query to the board but carries major and minor back from it.
 */
export function dataLength(status: number, fromBoard: boolean): number {
  switch (status & 0xf0) {
    case DIGITAL_MESSAGE:
    case ANALOG_MESSAGE:
      return 2;
    case REPORT_ANALOG:
    case REPORT_DIGITAL:
      return 1;
  }
  switch (status) {
    case SET_PIN_MODE:
    case SET_DIGITAL_PIN_VALUE:
      return 2;
    case REPORT_VERSION:
      return fromBoard ? 2 : 0;
    case SYSTEM_RESET:
      return 0;
  }
  return -1;
}
