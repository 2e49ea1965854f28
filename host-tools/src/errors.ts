/**
 * A mistake the user can fix (a bad file, a busy port, a refused upload): the message says what
 * and how, in one line. How it ends the program is the CLI's business (exit code 2, no stack).
 */
export class UserError extends Error {
  /** `bare`: the message is already in the FILE:LINE:COL form editors read; print it as it is. */
  constructor(
    message: string,
    readonly bare = false,
  ) {
    super(message);
  }
}
