// Copy as Python for a histogram stored in a ROOT file: uproot reads it as it is. A TH1/TH2 becomes a
// hist object (its own binning, errors and flow bins) and is drawn; a TProfile is read with uproot's
// own TProfile methods, which give each bin's mean and its error as ROOT does for the error option it
// was saved with (hist's Mean storages do not keep ROOT's error options), and drawn with error bars.
// A fit appended after it (fit/fitPython.ts) finds `mean`, `error` and `EDGES` for a profile.
import * as path from 'node:path';
import type { ProfileErrors } from '../protocol/dataExplorerMessages';
import type { StoredHistogram } from './root/storedHistogram';
import { rootLatexText } from '../text/rootLatex';

/** uproot's error_mode for each of ROOT's error options. */
const ERROR_MODE: Record<ProfileErrors, string> = { mean: '', spread: 's', integer: 'i', weights: 'g' };

export function storedPython(file: string, h: StoredHistogram): string {
  // The name and file as JSON: a key's name may hold a newline, which would end the comment.
  const head = [`# ${h.className} ${JSON.stringify(h.name)} from ${JSON.stringify(path.basename(file))}, as stored: uproot reads it${h.binEntries ? '' : ', hist draws it'}.`, 'import matplotlib.pyplot as plt'];
  // ROOT's TLatex as text, as the page shows it (matplotlib would print "#eta").
  const title = `plt.title(${JSON.stringify(rootLatexText(h.title) || h.name)})`;
  if (h.binEntries) {
    return [
      ...head,
      'import numpy as np',
      'import uproot',
      '',
      `with uproot.open(${JSON.stringify(file)}) as f:`,
      `    p = f[${JSON.stringify(h.name)}]`,
      '    mean = p.values()',
      `    # The error option it was saved with${h.profileErrors && h.profileErrors !== 'mean' ? ` ("${ERROR_MODE[h.profileErrors]}")` : ' (the error of the mean)'}.`,
      `    error = p.errors(error_mode=${JSON.stringify(ERROR_MODE[h.profileErrors ?? 'mean'])})`,
      '    entries = p.counts()',
      '    EDGES = p.axis().edges()',
      'print("mean", mean.tolist())',
      'print("error", error.tolist())',
      'filled = entries != 0',
      'centres = (EDGES[:-1] + EDGES[1:]) / 2',
      'plt.errorbar(centres[filled], mean[filled], xerr=np.diff(EDGES)[filled] / 2, yerr=error[filled], fmt="o", markersize=3)',
      title,
      'plt.show()',
      '',
    ].join('\n');
  }
  return [
    ...head,
    'import uproot',
    '',
    `with uproot.open(${JSON.stringify(file)}) as f:`,
    `    h = f[${JSON.stringify(h.name)}].to_hist()`,
    'print(h.values(flow=True))',
    'h.plot()',
    title,
    'plt.show()',
    '',
  ].join('\n');
}
