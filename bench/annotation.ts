// The annotation editor's speed, each figure beside a baseline measured in the same run. Prints JSON.
//   decode      a 4150 × 4371 32-bit frame (an Eiger 16M frame's size and type) and a 4096 × 4096
//               16-bit TIFF, deflated, decoded as the editor does (its decoder process, the samples back
//               over IPC), cold (a new process) and warm; baseline: tifffile (Debian's python3-tifffile)
//               reading the same file in one Python process.
//   firstPaint  the page's own code in Chromium (webviews/annotation/paintBench.ts): statistics, automatic
//               window, RGBA, bitmap and the first draw; first paint as a user meets it is decode + the
//               webview message (not measured here) + this.
//   panning     frame times while panning a 4k × 4k frame: no shapes (the baseline), 2000 boxes, one
//               6000-point polygon, each also selected (handles drawn).
//   prelabel    the shipped detector on a 640 × 640 16-bit frame: loadDetector's detect() (input
//               scaling, letterbox, ONNX Runtime, decode, NMS), against the ONNX session's run alone on
//               the same input tensor; cold (first run) and warm (median of 20).
// Run: npm run bench:annotation   (needs /usr/bin/chromium and python3-tifffile: apt-get install chromium python3-tifffile)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { loadDetector } from '../core/annotation/assist/detector';
import { rasterToModelInput } from '../core/annotation/assist/modelInput';
import { ImageDecoder } from '../core/annotation/image/imageDecoder';
import type { Raster } from '../core/annotation/raster';
import { ROOT } from '../scripts/paths';
import { CHROMIUM_ARGS } from '../test/e2e/workbench';

const PYTHON = '/usr/bin/python3';
const DIR = path.join(ROOT, '.cache', 'bench-annotation');
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

function writeFrames(): { eiger: string; tiff16: string } {
  mkdirSync(DIR, { recursive: true });
  const eiger = path.join(DIR, 'eiger-4150x4371-u32.tif');
  const tiff16 = path.join(DIR, 'frame-4096x4096-u16.tif');
  if (!existsSync(eiger) || !existsSync(tiff16)) {
    execFileSync(PYTHON, [
      '-c',
      [
        'import numpy as np, tifffile, sys',
        'rng = np.random.default_rng(7)',
        'e = rng.poisson(3.0, (4371, 4150)).astype(np.uint32); e[::512, :] = 4294967295',
        "tifffile.imwrite(sys.argv[1], e, compression='zlib')",
        't = (1000 + rng.normal(0, 20, (4096, 4096))).astype(np.uint16)',
        "tifffile.imwrite(sys.argv[2], t, compression='zlib')",
      ].join('\n'),
      eiger,
      tiff16,
    ]);
  }
  return { eiger, tiff16 };
}

async function decodeFigures(file: string): Promise<Record<string, number>> {
  const decoder = new ImageDecoder({ script: path.join(ROOT, 'core', 'annotation', 'image', 'imageDecoderProcess.ts'), execArgv: ['--import', 'tsx'] });
  try {
    let t = performance.now();
    await decoder.decode(file);
    const cold = performance.now() - t;
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      await decoder.decode(file);
      warm.push(performance.now() - t);
    }
    const py = execFileSync(PYTHON, ['-c', 'import sys, time, tifffile\nt = time.perf_counter(); a = tifffile.imread(sys.argv[1]); c = time.perf_counter() - t\nw = []\nfor _ in range(3):\n    t = time.perf_counter(); tifffile.imread(sys.argv[1]); w.append(time.perf_counter() - t)\nprint(c * 1000, sorted(w)[1] * 1000)', file]).toString().trim().split(' ').map(Number);
    return { coldMs: round(cold), warmMs: round(median(warm)), tifffileColdMs: round(py[0]), tifffileWarmMs: round(py[1]) };
  } finally {
    decoder.close();
  }
}

async function paintFigures(): Promise<unknown> {
  const out = path.join(DIR, 'page');
  mkdirSync(out, { recursive: true });
  await esbuild.build({ entryPoints: [path.join(ROOT, 'webviews', 'annotation', 'paintBench.ts')], bundle: true, format: 'iife', platform: 'browser', outfile: path.join(out, 'paint.js'), logLevel: 'silent' });
  writeFileSync(path.join(out, 'index.html'), '<!DOCTYPE html><html><body style="margin:0"><script src="paint.js"></script></body></html>');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`file://${path.join(out, 'index.html')}`);
    await page.waitForFunction(() => typeof (window as unknown as { runBench?: unknown }).runBench === 'function');
    const result = await page.evaluate(() => (window as unknown as { runBench: () => Promise<unknown> }).runBench());
    return JSON.parse(JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' ? round(v) : v)));
  } finally {
    await browser.close();
  }
}

async function prelabelFigures(): Promise<Record<string, number>> {
  const size = 640;
  const data = new Uint16Array(size * size);
  let s = 99;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = 1000 + (s % 40);
  }
  const raster: Raster = { width: size, height: size, channels: 1, data, bitDepth: 16, sampleFormat: 'uint' };
  const model = path.join(ROOT, 'models', 'detector', 'hai-det-tiny-v8.onnx');
  let t = performance.now();
  const detector = await loadDetector(model, { threads: 1 });
  const loadMs = performance.now() - t;
  t = performance.now();
  await detector.detect(raster);
  const coldMs = performance.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    await detector.detect(raster);
    warm.push(performance.now() - t);
  }
  await detector.dispose();
  // The baseline: ONNX Runtime's run alone, on the input detect() builds, one thread as above.
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  const input = rasterToModelInput(raster, size, size);
  const tensor = new ort.Tensor('float32', input.data, [...input.dims]);
  await session.run({ [session.inputNames[0]]: tensor });
  const runOnly: number[] = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    await session.run({ [session.inputNames[0]]: tensor });
    runOnly.push(performance.now() - t);
  }
  await session.release();
  return { loadMs: round(loadMs), detectColdMs: round(coldMs), detectWarmMs: round(median(warm)), sessionRunAloneMs: round(median(runOnly)) };
}

async function main(): Promise<void> {
  const frames = writeFrames();
  const result = {
    machine: { cpus: (await import('node:os')).availableParallelism(), node: process.version },
    decode: { eiger32: await decodeFigures(frames.eiger), tiff16: await decodeFigures(frames.tiff16) },
    page: await paintFigures(),
    prelabel640: await prelabelFigures(),
  };
  console.log(JSON.stringify(result, null, 2));
}

void main();
