// The one error of the ROOT reader: a file that is not ROOT, is damaged, or lacks what was asked for.
import { LocalizedError, type Message } from '../../text/message';

export class RootError extends LocalizedError {
  constructor(message: string | Message) {
    super(message);
    this.name = 'RootError';
  }
}
