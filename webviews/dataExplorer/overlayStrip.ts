// The strip above the chart that lists the histograms and profiles pinned for overlay: each with its colour, its
// comparison with the histogram drawn (χ² and Kolmogorov p-values) and a button to unpin it, then
// Normalise and Ratio. It holds what the host last sent of both.
import type { ComparisonPayload, OverlayPayload } from '../../core/protocol/dataExplorerMessages';
import { overlayColour } from '../../core/protocol/overlayColours';
import { comparisonText } from './comparisonText';
import { el, type Labels } from './dom';

export class OverlayStrip {
  readonly element = el('div');
  readonly normalise = el('input');
  private readonly normaliseLabel = el('label');
  /** A ratio panel under the overlay: the drawn histogram over each pinned one with its bins (ROOT's TRatioPlot). */
  readonly ratio = el('input');
  private readonly ratioLabel = el('label');
  overlays: readonly OverlayPayload[] = [];
  /** Each overlay against the histogram drawn, in the overlays' order (none while a new one is read). */
  comparisons: readonly ComparisonPayload[] = [];

  constructor(
    private readonly unpin: (index: number) => void,
    changed: () => void,
  ) {
    this.element.id = 'overlays';
    this.normalise.type = 'checkbox';
    this.normalise.id = 'normalise';
    this.normalise.addEventListener('change', changed);
    this.normaliseLabel.htmlFor = 'normalise';
    this.ratio.type = 'checkbox';
    this.ratio.id = 'ratio';
    this.ratio.addEventListener('change', changed);
    this.ratioLabel.htmlFor = 'ratio';
  }

  render(labels: Labels): void {
    this.normaliseLabel.textContent = labels.normalise ?? 'Normalise';
    this.ratioLabel.textContent = labels.ratioPanel ?? 'Ratio';
    this.ratioLabel.title = labels.ratioHint ?? '';
    if (this.overlays.length === 0) {
      this.element.replaceChildren();
      return;
    }
    const chips = this.overlays.map((o, i) => {
      const chip = el('span', undefined, 'overlay');
      const swatch = el('span', undefined, 'swatch');
      swatch.style.background = overlayColour(i + 1);
      const remove = el('button', '×', 'remove');
      remove.type = 'button';
      remove.title = labels.unpin ?? '';
      remove.setAttribute('aria-label', `${labels.unpin ?? ''}: ${o.label}`);
      remove.addEventListener('click', () => this.unpin(i));
      const compared = el('span', comparisonText(this.comparisons[i], labels), 'comparison muted');
      compared.title = labels.compareHint ?? '';
      chip.append(swatch, el('span', o.label), compared, remove);
      return chip;
    });
    // The box and its words on one line, wherever the strip wraps.
    const normalise = el('span', undefined, 'option');
    normalise.append(this.normalise, this.normaliseLabel);
    const ratio = el('span', undefined, 'option');
    ratio.append(this.ratio, this.ratioLabel);
    this.element.replaceChildren(el('span', labels.overlaid ?? '', 'muted'), ...chips, normalise, ratio);
  }
}
