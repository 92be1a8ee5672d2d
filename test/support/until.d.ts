export declare function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs?: number): Promise<T>;
