declare const importBoundary: 'This module may not be imported from this folder: see docs/ARCHITECTURE.md';
export { importBoundary };
