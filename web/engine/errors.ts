/** The one error type of the public API: a clear sentence naming the problem. */
export class LossLabError extends Error {
  /** The option or argument at fault, when the wrapper knows it (e.g. 'steps', 'data.x'). */
  readonly field?: string;

  constructor(message: string, field?: string) {
    super(message);
    this.name = 'LossLabError';
    if (field !== undefined) this.field = field;
  }
}

export function fail(message: string, field?: string): never {
  throw new LossLabError(message, field);
}
