import { UserError } from "../cli/errors";

/** Turns a failure to open a serial port into the one line a user can act on. */
export function describePortError(
  path: string,
  error: unknown,
  platform: NodeJS.Platform = process.platform,
): UserError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOENT" || /no such file|ENOENT/i.test(message)) {
    return new UserError(`serial port ${path} not found: is the board plugged in? (farside ports lists them)`);
  }
  if (code === "EBUSY" || /cannot lock port|EBUSY|resource temporarily unavailable|resource busy/i.test(message)) {
    return new UserError(
      `serial port ${path} is busy: another program (a serial monitor, another farside) has it open`,
    );
  }
  if (code === "EACCES" || /permission denied|EACCES/i.test(message)) {
    const hint =
      platform === "linux"
        ? "add yourself to the dialout group: sudo usermod -aG dialout $USER, then log in again"
        : platform === "darwin"
          ? "check the USB-serial driver is allowed in System Settings > Privacy & Security"
          : "check no other user or program owns it";
    return new UserError(`permission denied opening serial port ${path}: ${hint}`);
  }
  return new UserError(`cannot open serial port ${path}: ${message.split("\n")[0]}`);
}
