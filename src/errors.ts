// Errors the CLI reports as one line with exit code 2: the user's input was wrong, not the program.
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Thrown by a command that has finished and wants the CLI to exit with `status` (e.g. `chorus
 * exec` passing on the guest's exit status). Output must already have been written.
 */
export class CommandExit extends Error {
  override name = 'CommandExit';
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}
