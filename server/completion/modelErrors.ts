// The one error type of model loading: what went wrong and what the user can do about it, so that
// `hai/status` and the output channel can show both.
export class ModelLoadError extends Error {
  constructor(
    message: string,
    /** The next step for the user, in one sentence. */
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ModelLoadError';
  }
}
