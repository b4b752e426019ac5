// Errors the CLI reports as one line with exit code 2: the user's input was wrong, not the program.
export class UsageError extends Error {
  override name = 'UsageError';
}
