import { ActionableError } from '../../core/errors';
export declare class ModelLoadError extends ActionableError<'model'> {
}
