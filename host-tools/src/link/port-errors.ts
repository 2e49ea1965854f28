import { UserError } from "../errors";

/**
 * Turns a failure to open a serial port into the one line a user can act on.
 *
 * bindings-cpp's native errors carry no `code`, only a message such as
 * "Error: No such file or directory, cannot open /dev/ttyUSB9", so both are checked.
 */
export function describePortError(
  path: string,
  error: unknown,
  platform: NodeJS.Platform = process.platform,
): UserError {
  const message = firstLine(error);
  const code = errorCode(error);
  if (code === "ENOENT" || /no such file|ENOENT/i.test(message)) {
    return new UserError(`serial port ${path} not found: is the board plugged in? (farside ports lists them)`);
  }
  // "Resource temporarily unavailable" is EWOULDBLOCK from flock(): the lock bindings-cpp takes.
  if (code === "EBUSY" || /cannot lock port|EBUSY|resource temporarily unavailable|resource busy/i.test(message)) {
    return new UserError(
      `serial port ${path} is busy: another program (a serial monitor, another farside) has it open`,
    );
  }
  if (code === "EACCES" || code === "EPERM" || /permission denied|access denied|EACCES/i.test(message)) {
    return new UserError(`permission denied opening serial port ${path}: ${permissionHint(platform)}`);
  }
  // A regular file or a non-terminal device: the termios ioctls fail (ENOTTY).
  if (code === "ENOTTY" || /inappropriate ioctl|ENOTTY/i.test(message)) {
    return new UserError(`${path} is not a serial port (the device does not accept serial settings)`);
  }
  return new UserError(`cannot open serial port ${path}: ${message}`);
}

function permissionHint(platform: NodeJS.Platform): string {
  switch (platform) {
    case "linux":
      return "add yourself to the dialout group: sudo usermod -aG dialout $USER, then log in again";
    case "darwin":
      return "use the /dev/cu.* device and allow the USB-serial driver in System Settings > Privacy & Security";
    case "win32":
      // Windows reports a COM port held by another program as "Access denied".
      return "close any other program (a serial monitor, another farside) that has it open";
    default:
      return "check the device's owner and mode (ls -l) and your groups";
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // The native messages start with a redundant "Error: "; a stack never belongs on the line.
  return (text.split("\n")[0] ?? "").replace(/^Error:\s*/, "");
}

function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
}
