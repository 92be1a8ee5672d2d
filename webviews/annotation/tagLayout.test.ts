// Class tags on the annotation canvas: each beside its shape, none over another where there is room.
import * as assert from 'node:assert/strict';
import { placeTags, TAG_HEIGHT, type TagRequest } from './tagLayout';

const box = (left: number, top: number, right: number, bottom: number, priority = 2, width = 60): TagRequest => ({ left, top, right, bottom, width, priority });
const covers = (a: { x: number; y: number }, b: { x: number; y: number }, width = 60): boolean =>
  a.x < b.x + width && b.x < a.x + width && a.y < b.y + TAG_HEIGHT && b.y < a.y + TAG_HEIGHT;

describe('class tags on the annotation canvas', () => {
  it('puts a tag above its shape’s top-left corner', () => {
    assert.deepEqual(placeTags([box(100, 200, 150, 260)], 800, 600), [{ x: 100, y: 200 - TAG_HEIGHT }]);
  });

  it('moves a tag that would cover another to a free place by its shape', () => {
    // Three suggestions on one streak, as a detector gives them.
    const requests = [box(300, 300, 420, 330, 0.46), box(305, 302, 400, 340, 0.85), box(298, 310, 410, 335, 0.74)];
    const places = placeTags(requests, 800, 600);
    for (let i = 0; i < places.length; i++) for (let j = i + 1; j < places.length; j++) assert.ok(!covers(places[i], places[j]), `tags ${i} and ${j} overlap`);
    assert.deepEqual(places[1], { x: 305, y: 302 - TAG_HEIGHT }, 'the highest score keeps the usual place');
    for (const [i, p] of places.entries()) assert.ok(Math.abs(p.x - requests[i].left) <= 120 && p.y >= requests[i].top - 4 * TAG_HEIGHT && p.y <= requests[i].bottom, `tag ${i} stays by its shape`);
  });

  it('lets a label choose before suggestions, and keeps tags on the canvas', () => {
    const places = placeTags([box(10, 40, 80, 90, 0.99), box(12, 42, 80, 90, 2)], 800, 600);
    assert.deepEqual(places[1], { x: 12, y: 42 - TAG_HEIGHT }, 'the label');
    assert.ok(!covers(places[0], places[1]));
    const top = placeTags([box(50, 3, 120, 60)], 800, 600)[0];
    assert.deepEqual(top, { x: 50, y: 3 }, 'inside the top edge when above is off the canvas');
  });

  it('draws over another tag only when every place by the shape is taken', () => {
    const crowd = Array.from({ length: 12 }, (_, i) => box(200, 200, 260, 214, 1 - i / 100));
    const places = placeTags(crowd, 800, 600);
    assert.equal(places.length, 12);
    assert.ok(places.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
  });
});
