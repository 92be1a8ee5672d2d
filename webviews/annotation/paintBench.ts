// The browser half of bench/annotation.ts (never part of the extension), bundled by it and run in Chromium: the annotation page's
// own code (webviews/annotation: windowing, shape drawing, viewport) on a canvas the size of the
// editor's, timing (a) the first paint of a frame — statistics, automatic window, RGBA, bitmap and
// the first draw — and (b) the frame time while panning, with no shapes (the baseline), with 2000
// boxes and with one 6000-point polygon: the draw itself and the interval between animation frames.
import type { WireShape } from '../../core/protocol/annotationMessages';
import { drawScene } from './shapeLayer';
import { Viewport } from './viewport';
import { autoWindow, frameStats, renderWindow } from './windowing';

interface FrameSpec {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: 16 | 32;
}

/** A detector-like frame: noise around a pedestal and a few hot pixels, from a fixed seed. */
function makeSamples(spec: FrameSpec): Uint16Array | Uint32Array {
  const n = spec.width * spec.height;
  const out = spec.bitDepth === 16 ? new Uint16Array(n) : new Uint32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = 100 + ((s >>> 0) % 200);
  }
  for (let i = 0; i < 50; i++) out[(i * 7919 * 104729) % n] = spec.bitDepth === 16 ? 65535 : 4294967295;
  return out;
}

const canvas = document.createElement('canvas');
canvas.width = 1200;
canvas.height = 800;
document.body.append(canvas);
const ctx = canvas.getContext('2d')!;

function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

async function firstPaint(spec: FrameSpec): Promise<Record<string, number>> {
  const samples = makeSamples(spec);
  const t0 = performance.now();
  const stats = frameStats({ width: spec.width, height: spec.height, channels: 1, samples });
  const window = { ...autoWindow(stats), scale: 'linear' as const, gamma: 1, colourMap: 'grey' as const };
  const t1 = performance.now();
  const bitmap = document.createElement('canvas');
  bitmap.width = spec.width;
  bitmap.height = spec.height;
  const bctx = bitmap.getContext('2d')!;
  const image = bctx.createImageData(spec.width, spec.height);
  renderWindow({ width: spec.width, height: spec.height, channels: 1, samples, bitDepth: spec.bitDepth, sampleFormat: 'uint' }, window, image.data);
  const t2 = performance.now();
  bctx.putImageData(image, 0, 0);
  const view = new Viewport();
  view.fit(spec.width, spec.height, canvas.width, canvas.height);
  drawScene(ctx, view, { bitmap, imageWidth: spec.width, imageHeight: spec.height, shapes: [], selected: new Set(), classes: [], draftColour: '#fff' }, canvas.width, canvas.height);
  // The paint is on screen at the next animation frame.
  await nextFrame();
  const t3 = performance.now();
  return { statsAndWindowMs: t1 - t0, renderWindowMs: t2 - t1, bitmapAndDrawMs: t3 - t2, totalMs: t3 - t0 };
}

function boxes(n: number, width: number, height: number): WireShape[] {
  const out: WireShape[] = [];
  for (let i = 0; i < n; i++) out.push({ id: `b${i}`, kind: 'box', label: ['spot', 'streak', 'blob'][i % 3], x: (i * 1237) % (width - 60), y: (i * 3571) % (height - 60), width: 20 + (i % 40), height: 20 + ((i * 7) % 40) });
  return out;
}

function polygon(points: number, width: number, height: number): WireShape[] {
  const p: number[] = [];
  for (let i = 0; i < points; i++) {
    const a = (i / points) * 2 * Math.PI;
    const r = Math.min(width, height) * (0.35 + 0.05 * Math.sin(a * 37));
    p.push(width / 2 + r * Math.cos(a), height / 2 + r * Math.sin(a));
  }
  return [{ id: 'p', kind: 'polygon', label: 'blob', points: p }];
}

async function panning(spec: FrameSpec, shapes: WireShape[], selected: boolean, frames = 120): Promise<Record<string, number>> {
  const bitmap = document.createElement('canvas');
  bitmap.width = spec.width;
  bitmap.height = spec.height;
  const bctx = bitmap.getContext('2d')!;
  bctx.fillStyle = '#333';
  bctx.fillRect(0, 0, spec.width, spec.height);
  const view = new Viewport();
  view.fit(spec.width, spec.height, canvas.width, canvas.height);
  const scene = { bitmap, imageWidth: spec.width, imageHeight: spec.height, shapes, selected: new Set(selected ? shapes.map((s) => s.id) : []), classes: ['spot', 'streak', 'blob'], draftColour: '#fff' };
  const draw: number[] = [];
  const interval: number[] = [];
  let last = await nextFrame();
  for (let i = 0; i < frames; i++) {
    view.pan(i % 60 < 30 ? 3 : -3, 1);
    const t = performance.now();
    drawScene(ctx, view, scene, canvas.width, canvas.height);
    draw.push(performance.now() - t);
    const now = await nextFrame();
    interval.push(now - last);
    last = now;
  }
  const sorted = (a: number[]): number[] => [...a].sort((x, y) => x - y);
  const p = (a: number[], q: number): number => sorted(a)[Math.min(a.length - 1, Math.floor(q * a.length))];
  return { drawMedianMs: p(draw, 0.5), drawP95Ms: p(draw, 0.95), frameIntervalMedianMs: p(interval, 0.5), frameIntervalP95Ms: p(interval, 0.95) };
}

(window as unknown as { runBench: () => Promise<unknown> }).runBench = async () => {
  const eiger: FrameSpec = { width: 4150, height: 4371, bitDepth: 32 };
  const tiff16: FrameSpec = { width: 4096, height: 4096, bitDepth: 16 };
  return {
    firstPaint: { eiger32: await firstPaint(eiger), tiff16: await firstPaint(tiff16) },
    panning4k: {
      baselineNoShapes: await panning(tiff16, [], false),
      boxes2000: await panning(tiff16, boxes(2000, tiff16.width, tiff16.height), false),
      boxes2000Selected: await panning(tiff16, boxes(2000, tiff16.width, tiff16.height), true),
      polygon6000: await panning(tiff16, polygon(6000, tiff16.width, tiff16.height), false),
      polygon6000Selected: await panning(tiff16, polygon(6000, tiff16.width, tiff16.height), true),
    },
  };
};
