// Errors of loading a code model: what is wrong with the files, and what to do about it.
import { ActionableError } from '../../core/errors';

export class ModelLoadError extends ActionableError<'model'> {}
