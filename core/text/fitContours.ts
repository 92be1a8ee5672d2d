// A 2-D fit's function as contour lines over the heat map (the page's canvas and the SVG draw them):
// d3-contour's marching squares on the surface the fit evaluated, at a few levels between the
// function's least and largest values in the fit range, in the data's coordinates. d3-contour closes
// each ring around the grid's border half a step outside the fit range: the drawings clip to the range.
import { contours } from 'd3-contour';

/** A function's values `z` at the `x` × `y` grid's points, x fastest (a 2-D fit's surface). */
export interface Surface {
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly z: readonly number[];
}

export interface ContourLevel {
  readonly level: number;
  /** Closed rings of [x, y] points. */
  readonly rings: readonly (readonly (readonly [number, number])[])[];
}

/** The levels drawn, as fractions of the way from the function's least to its largest value. */
const FRACTIONS = [0.1, 0.3, 0.5, 0.7, 0.9];

export function fitContours(surface: Surface): ContourLevel[] {
  const { x, y, z } = surface;
  const [nx, ny] = [x.length, y.length];
  if (nx < 2 || ny < 2 || z.length !== nx * ny) return [];
  const finite = z.filter(Number.isFinite);
  if (!finite.length) return [];
  const [least, most] = [Math.min(...finite), Math.max(...finite)];
  if (!(most > least)) return [];
  const levels = FRACTIONS.map((f) => least + f * (most - least));
  // d3-contour puts value k of a row at k + 0.5: the grid's first point at 0.5, its last at n − 0.5.
  const stepX = (x[nx - 1] - x[0]) / (nx - 1);
  const stepY = (y[ny - 1] - y[0]) / (ny - 1);
  const values = z.map((v) => (Number.isFinite(v) ? v : least));
  return contours()
    .size([nx, ny])
    .thresholds(levels)(values)
    .map((c) => ({
      level: c.value,
      rings: c.coordinates.flatMap((polygon) => polygon.map((ring) => ring.map(([cx, cy]): [number, number] => [x[0] + (cx - 0.5) * stepX, y[0] + (cy - 0.5) * stepY]))),
    }))
    .filter((c) => c.rings.length > 0);
}
