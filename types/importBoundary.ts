// Each folder's tsconfig.json maps the modules that folder must not import (see
// docs/ARCHITECTURE.md) to this file, so that such an import fails the type check as well as lint.
// The error below is deliberate: it is what a boundary violation reports.
const importBoundary: 'This module may not be imported from this folder: see docs/ARCHITECTURE.md' = 'violated';
export { importBoundary };
