// A legend laid out in rows above a chart, for the pictures saved of it (the page's PNG, the host's
// SVG): each entry a colour swatch and its label, as many to a row as fit, a label too long for a
// row shortened in its middle. Above the frame rather than inside it, so that it never hides a bin.
import { fitLabel, type Measure } from './textFit';

export interface LegendEntry {
  readonly label: string;
  readonly colour: string;
}

export interface PlacedEntry extends LegendEntry {
  /** From the legend's left edge, where the swatch starts. */
  readonly x: number;
  readonly row: number;
}

/** The swatch's width and the space after it and after each entry, in pixels at scale 1. */
export const LEGEND_SWATCH = 18;
const GAP = 6;
const SPACING = 16;

/** The entries placed in rows of at most `room` wide; no rows for fewer than two entries. */
export function layoutLegend(entries: readonly LegendEntry[], room: number, measure: Measure, scale = 1): { readonly placed: PlacedEntry[]; readonly rows: number } {
  if (entries.length < 2) return { placed: [], rows: 0 };
  const swatch = (LEGEND_SWATCH + GAP) * scale;
  const placed: PlacedEntry[] = [];
  let row = 0;
  let x = 0;
  for (const e of entries) {
    const label = fitLabel(e.label, Math.max(1, room - swatch), measure);
    const width = swatch + measure(label);
    if (x > 0 && x + width > room) {
      row++;
      x = 0;
    }
    placed.push({ label, colour: e.colour, x, row });
    x += width + SPACING * scale;
  }
  return { placed, rows: row + 1 };
}
