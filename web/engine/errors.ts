/** The one error type of the public API: a clear sentence naming the problem. */
export class LossLabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LossLabError';
  }
}

export function fail(message: string): never {
  throw new LossLabError(message);
}
