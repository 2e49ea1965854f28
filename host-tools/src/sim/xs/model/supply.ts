/** A charged 2S LiPo at rest. */
export const CHARGED_VOLTS = 7.6;
const INTERNAL_OHMS = 0.35;
/** Open-circuit volts lost per mAh drawn: a small pack over a few minutes. */
const VOLTS_PER_MAH = 0.0005;
/** The ESP32 board and its regulator. */
const BOARD_AMPS = 0.12;
/** The servos' 6 V BEC, as seen from the battery. */
const BEC_VOLTS = 6;
const BEC_EFFICIENCY = 0.85;

/** The model's battery: it sags under load through its internal resistance and drains as it is used. */
export class Battery {
  volts: number;
  usedMah = 0;
  amps = BOARD_AMPS;

  constructor(private openVolts: number) {
    this.volts = openVolts;
  }

  setOpenVolts(volts: number): void {
    this.openVolts = volts;
  }

  step(dt: number, drillAmps: number, servoRailAmps: number): void {
    this.amps = drillAmps + (servoRailAmps * BEC_VOLTS) / this.openVolts / BEC_EFFICIENCY + BOARD_AMPS;
    this.usedMah += (this.amps * dt * 1000) / 3600;
    this.volts = this.openVolts - VOLTS_PER_MAH * this.usedMah - INTERNAL_OHMS * this.amps;
  }
}
