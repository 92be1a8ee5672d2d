export type ModelDtype = 'fp32' | 'fp16' | 'int8' | 'q4';
export type DtypeChoice = ModelDtype | 'auto';
export interface ModelFiles {
    readonly dir: string;
    readonly config: string;
    readonly tokenizer: string;
    readonly tokenizerConfig: string | undefined;
    readonly onnx: string;
    readonly dtype: ModelDtype;
    /** Size of the ONNX file plus its external-data file, if any, in bytes. */
    readonly bytes: number;
}
export declare function findModelFiles(dir: string, choice: DtypeChoice): ModelFiles;
