// The fit row's contour: two of the fit's free parameters chosen ("Contour of Mean and Sigma"), sent
// with the fit, and the 68 % region the host found for them (core/data/fit/contour.ts) drawn in a small
// chart under the row, its best-fit point marked, as ROOT's TFitResult::Contour is drawn with a TGraph.
import uPlot from 'uplot';
import type { FitPayload, FitRequest } from '../../core/protocol/dataExplorerMessages';
import { el, type Labels } from './dom';
import { clipToPlot, themeColour } from './histogramChart';

export class ContourPicker {
  readonly element = el('span');
  readonly chart = el('div');
  private readonly x = el('select');
  private readonly y = el('select');
  private readonly texts = [el('label'), el('label')];
  private plot: uPlot | undefined;
  /** The parameters a contour can be of: the fit's free ones. */
  private names: readonly string[] = [];

  constructor() {
    this.element.id = 'fit-contour-pick';
    this.x.id = 'fitContourX';
    this.y.id = 'fitContourY';
    [this.texts[0].htmlFor, this.texts[1].htmlFor] = [this.x.id, this.y.id];
    this.element.append(this.texts[0], this.x, this.texts[1], this.y);
    this.element.hidden = true;
    this.chart.id = 'fit-contour';
    this.chart.hidden = true;
  }

  setLabels(labels: Labels): void {
    this.texts[0].textContent = labels.fitContour ?? 'Contour of';
    this.texts[1].textContent = labels.fitContourAnd ?? 'and';
    this.element.title = labels.fitContourHint ?? '';
    this.options();
  }

  /** The two parameters chosen, if both are. */
  chosen(): FitRequest['contour'] {
    return this.x.value && this.y.value && this.x.value !== this.y.value ? { x: this.x.value, y: this.y.value } : undefined;
  }

  /** After a fit: its free parameters offered (the choice kept by name), the request's echoed, its contour drawn. */
  show(fit: FitPayload | undefined, request: FitRequest | undefined, echo: boolean, labels: Labels): void {
    if (fit) {
      const free = fit.names.filter((n) => !fit.fixed.includes(n) && !fit.held.includes(n) && !fit.atLimit.includes(n));
      this.names = free;
      this.options();
    }
    if (request && echo) [this.x.value, this.y.value] = [request.contour?.x ?? '', request.contour?.y ?? ''];
    // Offered once a fit has named two free parameters; gone with Remove fit.
    this.element.hidden = (!fit && !request) || this.names.length < 2;
    this.draw(fit, labels);
  }

  /** The free parameters in both lists, after a "none" (a dash, in any language). */
  private options(): void {
    for (const select of [this.x, this.y]) {
      const kept = select.value;
      select.replaceChildren(Object.assign(el('option', '—'), { value: '' }), ...this.names.map((n) => Object.assign(el('option', n), { value: n })));
      select.value = this.names.includes(kept) ? kept : '';
    }
  }

  /** The region as a closed line, the best fit a cross; the number of points for the page's tests. */
  private draw(fit: FitPayload | undefined, labels: Labels): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.chart.replaceChildren();
    const c = fit?.contour;
    this.chart.hidden = !c;
    this.chart.dataset.points = String(c?.points.x.length ?? 0);
    if (!fit || !c || c.points.x.length < 3) {
      if (c) this.chart.append(el('div', labels.fitContourNotFound ?? '', 'muted'));
      return;
    }
    const best = [fit.values[fit.names.indexOf(c.x)], fit.values[fit.names.indexOf(c.y)]];
    const range = (vs: readonly number[], v: number): [number, number] => {
      const [lo, hi] = [Math.min(...vs, v), Math.max(...vs, v)];
      const pad = 0.1 * (hi - lo || Math.abs(v) || 1);
      return [lo - pad, hi + pad];
    };
    const [xr, yr] = [range(c.points.x, best[0]), range(c.points.y, best[1])];
    const red = themeColour('--vscode-charts-red', '#e15759');
    const paint = (u: uPlot): void => {
      const ctx = clipToPlot(u);
      ctx.beginPath();
      c.points.x.forEach((x, i) => (i ? ctx.lineTo : ctx.moveTo).call(ctx, u.valToPos(x, 'x', true), u.valToPos(c.points.y[i], 'y', true)));
      ctx.closePath();
      ctx.strokeStyle = red;
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.stroke();
      const [px, py] = [u.valToPos(best[0], 'x', true), u.valToPos(best[1], 'y', true)];
      const arm = 5 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(px - arm, py);
      ctx.lineTo(px + arm, py);
      ctx.moveTo(px, py - arm);
      ctx.lineTo(px, py + arm);
      ctx.stroke();
      ctx.restore();
    };
    const fg = themeColour('--vscode-foreground', '#cccccc');
    const grid = { stroke: 'rgba(128,128,128,0.2)' };
    this.plot = new uPlot(
      {
        title: labels.fitContourTitle ?? '',
        width: 340,
        height: 260,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false, range: () => xr }, y: { range: () => yr } },
        axes: [
          { label: c.x, stroke: fg, grid },
          { label: c.y, stroke: fg, grid, size: 60 },
        ],
        series: [{}, { stroke: 'transparent', points: { show: false }, paths: () => null }],
        hooks: { draw: [paint] },
      },
      [xr, [null, null]],
      this.chart,
    );
  }
}
