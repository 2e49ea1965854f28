/** A mistake the user can fix: printed as one line, exit code 2, never a stack trace. */
export class UserError extends Error {
  readonly exitCode = 2;

  /** `bare`: the message is already in the FILE:LINE:COL form editors read; print it as it is. */
  constructor(
    message: string,
    readonly bare = false,
  ) {
    super(message);
  }
}
