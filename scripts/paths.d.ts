export declare const ROOT: string;
/** Large tools installed on demand (code-server); override with HAI_CACHE_DIR. */
export declare const CACHE_DIR: string;
export declare const CODE_SERVER_VERSION = "4.100.3";
export declare const VSIX_PATH: string;
export declare const DEMO_DIR: string;
