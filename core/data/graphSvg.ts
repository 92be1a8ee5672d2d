// A stored graph as a standalone SVG, for papers and slides, drawn from its numbers as the page draws
// it (core/text/graphRange.ts): the error bars, the line joining the points in their order (when
// shown) and the markers, inside the frame; the page around them is core/data/svgFrame.ts.
import type { GraphPayload } from '../protocol/dataExplorerMessages';
import { graphMarks, graphRange } from '../text/graphRange';
import { axes, document, fmt, frameOf, scaleOf, type SvgOptions } from './svgFrame';

const COLOUR = '#4e79a7';

export function graphSvg(g: GraphPayload, options: SvgOptions & { readonly line: boolean }): string {
  const logX = !!options.logX;
  const logY = !!options.log;
  const marks = graphMarks(g, logX, logY);
  const range = graphRange(marks, logX, logY);
  const frame = frameOf(options);
  const px = scaleOf(range.x[0], range.x[1], logX, frame.left, frame.left + frame.width);
  const py = scaleOf(range.y[0], range.y[1], logY, frame.top + frame.height, frame.top);
  let bars = '';
  let line = '';
  let pen = false;
  const dots: string[] = [];
  for (const m of marks) {
    if (m) {
      if (m.xLow !== m.xHigh) bars += `M${fmt(px(m.xLow))},${fmt(py(m.y))}H${fmt(px(m.xHigh))}`;
      if (m.yLow !== m.yHigh) bars += `M${fmt(px(m.x))},${fmt(py(m.yLow))}V${fmt(py(m.yHigh))}`;
      line += `${pen ? 'L' : 'M'}${fmt(px(m.x))},${fmt(py(m.y))}`;
      dots.push(`<circle cx="${fmt(px(m.x))}" cy="${fmt(py(m.y))}" r="2.5"/>`);
    }
    pen = m !== null;
  }
  const body = [
    `<defs><clipPath id="graph-frame"><rect x="${frame.left}" y="${frame.top}" width="${fmt(frame.width)}" height="${frame.height}"/></clipPath></defs>`,
    `<g class="graph" clip-path="url(#graph-frame)">`,
    ...(bars ? [`<path class="errors" d="${bars}" stroke="${COLOUR}" stroke-width="1.2" fill="none"/>`] : []),
    ...(options.line && line ? [`<path class="line" d="${line}" stroke="${COLOUR}" stroke-width="1.5" fill="none"/>`] : []),
    `<g class="points" fill="${COLOUR}">${dots.join('')}</g>`,
    '</g>',
    ...axes(frame, { low: range.x[0], high: range.x[1], log: logX }, { low: range.y[0], high: range.y[1], log: logY }, px, py),
  ];
  return document(options, frame, body);
}
