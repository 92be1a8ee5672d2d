// The one error of the ROOT reader: a file that is not ROOT, is damaged, or lacks what was asked for.
export class RootError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RootError';
  }
}
