// Choose Format: the save that follows checks the chosen file as it was when chosen, not the file
// the labels were read from (whose stamp, compared against another file, reads as "changed on disk").
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatChoices } from './labelFiles';
import { chosenTarget, LabelFileChanged, loadLabels, saveLabels } from './labelIo';

describe('a label format chosen for an open image', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hai-chosen-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const box = { kind: 'box' as const, label: 'spot', x: 2, y: 2, width: 4, height: 4 };

  it('saves to a new file of the chosen format without calling it changed on disk', async () => {
    await writeFile(path.join(dir, 'classes.txt'), 'spot\n');
    await writeFile(path.join(dir, 'x.txt'), '0 0.5 0.5 0.2 0.2\n');
    const info = { file: path.join(dir, 'x.png'), width: 20, height: 20, channels: 1 };
    const loaded = await loadLabels(info, 'yolo-detect', dir);
    assert.equal(loaded.target.format, 'yolo-detect');
    const labelme = formatChoices({ labelImage: info.file, target: loaded.target }).find((t) => t.format === 'labelme')!;
    const chosen = await chosenTarget(info, labelme);
    assert.equal(chosen.stamp, undefined);
    assert.equal(chosen.target.exists, false);
    await saveLabels(info, chosen.target, { ...loaded.annotation, shapes: [box] }, loaded.classes, { stamp: chosen.stamp, classList: loaded.classList });
    const written = JSON.parse(await readFile(labelme.file, 'utf8')) as { shapes: { label: string }[] };
    assert.deepEqual(written.shapes.map((s) => s.label), ['spot']);
  });

  it('still refuses a save over a chosen COCO image that another window saved after it was chosen', async () => {
    const file = path.join(dir, 'instances.json');
    const coco = (bbox: number[]) => JSON.stringify({ images: [{ id: 1, file_name: 'x.png', width: 20, height: 20 }], annotations: [{ id: 1, image_id: 1, category_id: 1, segmentation: [], bbox, area: 4, iscrowd: 0 }], categories: [{ id: 1, name: 'spot' }] });
    await writeFile(file, coco([1, 1, 2, 2]));
    const info = { file: path.join(dir, 'x.png'), width: 20, height: 20, channels: 1 };
    const chosen = await chosenTarget(info, { format: 'coco', file, exists: false });
    assert.equal(chosen.target.exists, true);
    assert.ok(chosen.stamp);
    const classList = { classes: [] };
    await writeFile(file, coco([3, 3, 2, 2]));
    await assert.rejects(saveLabels(info, chosen.target, { imageWidth: 20, imageHeight: 20, shapes: [box] }, ['spot'], { stamp: chosen.stamp, classList }), LabelFileChanged);
  });
});
