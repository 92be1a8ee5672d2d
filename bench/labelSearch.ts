// Where an image's labels are (findLabels), for an image without labels in a labelme folder of N
// labelled images, each JSON holding its image as labelme writes by default (imageData, 150 KB of
// base64 here): what opening such an image or converting the folder pays per image. Against, in the
// same run, the lookup of a labelled image of the folder (its own JSON found first: the floor) and
// parsing every JSON of the folder once (what the lookup did before instances files were told from
// labelme files by name). Cold: the first lookup in this process; warm: the median of 5 after it.
// The folder is built once into .cache/bench-labels/.
// Run: npm run bench:labels -- [images]  Prints JSON.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { findLabels } from '../core/annotation/labelFiles';
import { ROOT } from '../scripts/paths';

const round = (x: number): number => Math.round(x * 10) / 10;
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
// A 1 × 1 PNG: the lookup never decodes the image.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==', 'base64');

function build(dir: string, images: number): void {
  if (existsSync(path.join(dir, 'unlabelled.png'))) return;
  mkdirSync(dir, { recursive: true });
  let seed = 7;
  const blob = Buffer.from(Buffer.alloc(112_500).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24)).toString('base64');
  for (let i = 0; i < images; i++) {
    const name = `frame_${String(i).padStart(5, '0')}`;
    writeFileSync(path.join(dir, `${name}.png`), PNG);
    const shapes = [{ label: 'spot', points: [[1, 2], [30, 40]], group_id: null, shape_type: 'rectangle', flags: {} }];
    writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ version: '5.4.1', flags: {}, shapes, imagePath: `${name}.png`, imageData: blob, imageHeight: 64, imageWidth: 64 }, null, 2));
  }
  writeFileSync(path.join(dir, 'unlabelled.png'), PNG);
}

async function time(image: string): Promise<{ coldMs: number; warmMs: number; format: string }> {
  let t = performance.now();
  const found = await findLabels(image, 'yolo-detect');
  const coldMs = performance.now() - t;
  const warm: number[] = [];
  for (let k = 0; k < 5; k++) {
    t = performance.now();
    await findLabels(image, 'yolo-detect');
    warm.push(performance.now() - t);
  }
  return { coldMs: round(coldMs), warmMs: round(median(warm)), format: found.format };
}

async function main(): Promise<void> {
  const images = Number(process.argv[2] ?? 2000);
  const dir = path.join(ROOT, '.cache', 'bench-labels', String(images));
  build(dir, images);
  const labelled = await time(path.join(dir, 'frame_00000.png'));
  const unlabelled = await time(path.join(dir, 'unlabelled.png'));
  const t = performance.now();
  for (const n of readdirSync(dir)) if (n.endsWith('.json')) JSON.parse(readFileSync(path.join(dir, n), 'utf8'));
  const parseEveryJsonMs = round(performance.now() - t);
  console.log(JSON.stringify({ images, labelled, unlabelled, parseEveryJsonMs }, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
