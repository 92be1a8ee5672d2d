// Child of bench/bundleLoad.ts: loads one extension bundle in a fresh Node with a stand-in for the
// `vscode` module (every name @types/vscode exports, each a callable, constructible stub) and prints
// how long evaluating the bundle took. Nothing is activated: this is the "code loaded in" part.
const Module = require('node:module');
const fs = require('node:fs');
const [bundle, typesFile] = process.argv.slice(2);
const names = new Set([...fs.readFileSync(typesFile, 'utf8').matchAll(/export (?:class|namespace|enum|const|function|let|var) (\w+)/g)].map((m) => m[1]));
const stub = () =>
  new Proxy(function () {}, {
    get: (target, prop) => (prop === 'prototype' ? target.prototype : stub()),
    apply: () => stub(),
    construct: () => stub(),
  });
const vscode = Object.fromEntries([...names].map((n) => [n, stub()]));
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};
const started = performance.now();
require(bundle);
process.stdout.write(JSON.stringify({ ms: performance.now() - started }));
