// The page's geometry: what a click selects among nested and overlapping shapes, handles, moving and
// resizing kept inside the image, vertex insertion and removal, zoom about the cursor.
import * as assert from 'node:assert/strict';
import type { WireShape } from '../../core/protocol/annotationMessages';
import { boxBetween, edgeAt, handleAt, moved, polygonArea, reshaped, shapeAt, withoutVertex, withVertex } from './geometry';
import { Viewport } from './viewport';

const big: WireShape = { id: 'big', kind: 'box', label: 'jet', x: 10, y: 10, width: 100, height: 100 };
const small: WireShape = { id: 'small', kind: 'box', label: 'jet', x: 40, y: 40, width: 10, height: 10 };
const tri: WireShape = { id: 'tri', kind: 'polygon', label: 'spot', points: [200, 200, 300, 200, 250, 280] };
const dot: WireShape = { id: 'dot', kind: 'point', label: 'spot', x: 45, y: 45 };

describe('annotation page geometry', () => {
  it('selects the point over the small box over the big box it sits in', () => {
    assert.equal(shapeAt([big, small, dot], { x: 45, y: 45 }, 2)?.id, 'dot');
    assert.equal(shapeAt([big, small], { x: 45, y: 45 }, 2)?.id, 'small');
    assert.equal(shapeAt([small, big], { x: 45, y: 45 }, 2)?.id, 'small');
    assert.equal(shapeAt([big, small], { x: 20, y: 20 }, 2)?.id, 'big');
    assert.equal(shapeAt([big, tri], { x: 250, y: 230 }, 2)?.id, 'tri');
    assert.equal(shapeAt([big, tri], { x: 150, y: 150 }, 2), undefined);
  });

  it('finds a box’s corner and edge handles and a polygon’s vertices', () => {
    assert.deepEqual(handleAt(big, { x: 111, y: 109 }, 3), { kind: 'corner', name: 'se' });
    assert.deepEqual(handleAt(big, { x: 60, y: 10 }, 3), { kind: 'corner', name: 'n' });
    assert.deepEqual(handleAt(tri, { x: 251, y: 279 }, 3), { kind: 'vertex', index: 2 });
    assert.equal(handleAt({ ...tri, locked: true }, { x: 251, y: 279 }, 3), undefined);
  });

  it('resizes a box by a corner, flipping past the opposite side, and clamps to the image', () => {
    assert.deepEqual(reshaped(big, { kind: 'corner', name: 'se' }, { x: 150, y: 60 }, 640, 480), { ...big, width: 140, height: 50 });
    assert.deepEqual(reshaped(big, { kind: 'corner', name: 'e' }, { x: 0, y: 999 }, 640, 480), { ...big, x: 0, width: 10 });
    assert.deepEqual(reshaped(tri, { kind: 'vertex', index: 1 }, { x: 700, y: 190 }, 640, 480).points, [200, 200, 640, 190, 250, 280]);
  });

  it('moves shapes but never off the image', () => {
    assert.deepEqual(moved(big, 5, -3, 640, 480), { ...big, x: 15, y: 7 });
    assert.deepEqual(moved(big, -50, 0, 640, 480), { ...big, x: 0 });
    assert.deepEqual(moved(tri, 1000, 0, 640, 480).points, [540, 200, 640, 200, 590, 280]);
  });

  it('inserts a vertex on the edge clicked and removes one, never below three', () => {
    const edge = edgeAt(tri.points!, { x: 250, y: 201 }, 3);
    assert.equal(edge, 0);
    const four = withVertex(tri, edge!, { x: 250, y: 200 });
    assert.deepEqual(four.points, [200, 200, 250, 200, 300, 200, 250, 280]);
    assert.equal(polygonArea(four.points!), polygonArea(tri.points!));
    assert.deepEqual(withoutVertex(four, 1)?.points, tri.points);
    assert.equal(withoutVertex(tri, 0), undefined);
  });

  it('spans a box between two corners in either order, inside the image', () => {
    assert.deepEqual(boxBetween({ x: 50, y: 60 }, { x: 10, y: -5 }, 640, 480), { x: 10, y: 0, width: 40, height: 60 });
  });

  it('zooms about the cursor: the image point under it stays under it', () => {
    const v = new Viewport();
    v.fit(4150, 4371, 800, 600);
    const before = v.toImage(300, 200);
    v.zoomAt(2.5, 300, 200);
    const after = v.toImage(300, 200);
    assert.ok(Math.abs(before.x - after.x) < 1e-9 && Math.abs(before.y - after.y) < 1e-9);
    v.actualSize(800, 600);
    assert.equal(v.scale, 1);
  });
});
