// Where the project's tooling keeps things, in one place so that scripts and tests agree.
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
/** Large tools installed on demand (code-server); override with HAI_CACHE_DIR. */
export const CACHE_DIR = process.env.HAI_CACHE_DIR
  ? path.resolve(process.env.HAI_CACHE_DIR)
  : path.join(ROOT, '.cache');
export const CODE_SERVER_VERSION = '4.100.3';
export const VSIX_PATH = path.join(ROOT, 'hai.vsix');
export const DEMO_DIR = path.join(ROOT, 'demo');
