// The data explorer page's look and words: its CSS (VS Code's theme colours) and every text it shows,
// translated here (vscode.l10n) and sent with the structure, since a webview has no l10n of its own.
import * as vscode from 'vscode';

export const explorerCss = `
[hidden] { display: none !important; }
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 4px 16px 16px; }
h1 { font-size: 1.3em; font-weight: 600; margin: 8px 0 2px; }
h2 { font-size: 1.05em; font-weight: 600; margin: 14px 0 6px; }
#meta, .hint, .muted { color: var(--vscode-descriptionForeground); }
/* Long dotted names (a module class, a skipped object) wrap rather than run under the form. */
.muted.column { overflow-wrap: anywhere; min-width: 0; }
#layout { display: grid; grid-template-columns: minmax(200px, 28%) 1fr; gap: 16px; align-items: start; }
@media (max-width: 760px) { #layout { grid-template-columns: 1fr; } }
#structure { overflow: auto; max-height: calc(100vh - 90px); }
#structure details { margin: 2px 0; }
#structure summary { cursor: pointer; }
.column { display: flex; gap: 6px; align-items: baseline; padding: 1px 0 1px 14px; }
.column button.name { background: none; border: none; color: var(--vscode-textLink-foreground); cursor: pointer; padding: 0; font: inherit; text-align: left; }
.column button.name:hover { text-decoration: underline; }
.column button.name:disabled { color: var(--vscode-disabledForeground); cursor: default; text-decoration: none; }
.column .type { font-family: var(--vscode-editor-font-family); font-size: 0.9em; color: var(--vscode-descriptionForeground); overflow-wrap: anywhere; min-width: 0; }
form { display: grid; grid-template-columns: max-content 1fr; gap: 4px 8px; align-items: center; max-width: 900px; }
form .wide { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
form .pair { display: inline-flex; gap: 8px; align-items: center; }
input, select, textarea { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 3px 6px; font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size, 13px); line-height: 1.6; box-sizing: border-box; }
input.invalid, textarea.invalid { border-color: var(--vscode-inputValidation-errorBorder); }
input.number { width: 7em; }
button.action { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 12px; cursor: pointer; }
button.action:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
button.action:disabled { opacity: 0.5; cursor: default; }
#error { color: var(--vscode-errorForeground); white-space: pre-wrap; margin: 8px 0; }
#error pre { font-family: var(--vscode-editor-font-family); margin: 4px 0 0; }
#status { margin: 8px 0; min-height: 1.2em; }
/* A file or dataset that cannot be opened: its error across the page, in place of the structure and the form. */
#open-error { margin: 12px 0; padding: 8px 16px 12px; border: 1px solid var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); border-left-width: 4px; background: var(--vscode-inputValidation-errorBackground, transparent); }
#open-error h2 { margin: 4px 0 8px; color: var(--vscode-errorForeground); }
#open-error .message { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 8px; }
#open-error .hint { margin: 0 0 10px; max-width: 80em; }
/* A plot left by a Draw that failed: dimmed, under a line saying which plot it is. */
#stale-note { margin: 6px 0; padding: 2px 8px; border-left: 3px solid var(--vscode-editorWarning-foreground); color: var(--vscode-editorWarning-foreground); }
.stale { opacity: 0.45; }
#progress { width: 100%; max-width: 600px; }
#overlays { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin: 6px 0; }
#overlays .overlay { display: inline-flex; align-items: center; gap: 5px; border: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.4)); border-radius: 3px; padding: 1px 4px; }
#overlays .swatch { width: 10px; height: 10px; border-radius: 2px; display: inline-block; }
#overlays .comparison:not(:empty)::before { content: '· '; }
#overlays .remove { background: none; border: none; color: var(--vscode-foreground); cursor: pointer; padding: 0 2px; }
#failed { color: var(--vscode-editorWarning-foreground); margin: 6px 0; }
#cutflow { border-collapse: collapse; margin: 6px 0; font-variant-numeric: tabular-nums; }
#cutflow caption { text-align: left; font-weight: 600; padding-bottom: 2px; }
#cutflow th, #cutflow td { padding: 1px 10px 1px 0; text-align: right; white-space: nowrap; }
#cutflow th:first-child, #cutflow td.cut, #cutflow tr.all td:first-child { text-align: left; font-family: var(--vscode-editor-font-family); max-width: 40em; overflow: hidden; text-overflow: ellipsis; }
#failed ul { margin: 2px 0; padding-left: 18px; max-height: 120px; overflow: auto; }
#charts { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
#histogram { position: relative; }
#ratio-panel .muted { margin: 4px 0; }
#stats { position: absolute; top: 30px; right: 8px; border-collapse: collapse; border: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.4)); background: var(--vscode-editor-background); font-size: 0.85em; opacity: 0.92; }
#stats td { padding: 1px 6px; }
#histogram.two-d #stats { right: 64px; }
#graph { position: relative; }
/* Below the chart, not over it: a graph's points reach the frame's corners (ROOT draws no box for a graph). */
#graph #stats { position: static; margin-top: 6px; }
.graph-options { display: flex; align-items: center; gap: 4px; margin: 4px 0; }
.graph-options label { margin-right: 10px; }
#graph-point { min-height: 1.4em; margin-top: 2px; font-variant-numeric: tabular-nums; }
#stats td:last-child { text-align: right; font-variant-numeric: tabular-nums; }
#actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
#fit-row { display: flex; flex-wrap: wrap; gap: 6px 8px; align-items: center; margin: 8px 0; }
#fitModel { flex: 0 1 26em; min-width: 12em; }
#fit-parameters { flex-basis: 100%; }
#fit-parameters summary { cursor: pointer; }
#fit-parameters th { text-align: left; font-weight: normal; color: var(--vscode-descriptionForeground); padding: 2px 8px 2px 0; }
#fit-parameters td { padding: 1px 8px 1px 0; }
#definitions { resize: vertical; }
#rows-section .scan { display: flex; gap: 8px; align-items: center; margin: 4px 0; }
#rowsExpressions { flex: 1; max-width: 40em; }
#rows-section table { border-collapse: collapse; font-family: var(--vscode-editor-font-family); font-size: 0.9em; }
#rows-section th, #rows-section td { border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.3)); padding: 2px 8px; text-align: right; white-space: nowrap; }
#rows-scroll { max-height: 320px; overflow: auto; }
#rows-section .error { color: var(--vscode-errorForeground); }
.u-title { font-size: 1em; font-weight: 600; }
.u-legend { color: var(--vscode-foreground); }
.u-legend th { white-space: nowrap; font-weight: normal; }
.u-legend .u-label { overflow: hidden; text-overflow: ellipsis; }
#overlays .option { display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; }
`;

/** The page's words; a placeholder such as {0} is passed through for the page to fill. */
export function explorerLabels(): Record<string, string> {
  return {
    trees: vscode.l10n.t('Trees'),
    arrays: vscode.l10n.t('Arrays'),
    columns: vscode.l10n.t('Columns'),
    groups: vscode.l10n.t('Groups'),
    group: vscode.l10n.t('Group'),
    objects: vscode.l10n.t('Other objects'),
    tensors: vscode.l10n.t('Tensors'),
    values: vscode.l10n.t('Values'),
    metadata: vscode.l10n.t('Metadata'),
    part: vscode.l10n.t('Part'),
    pickleClasses: vscode.l10n.t('Classes it names'),
    pickleClassesHint: vscode.l10n.t('HAI read this checkpoint without running any of its code. Python\'s torch.load imports and runs these to load it: weights_only=True refuses them, weights_only=False runs them (only for files you trust).'),
    torchScript: vscode.l10n.t('TorchScript modules'),
    torchScriptHint: vscode.l10n.t('A TorchScript archive (torch.jit.save): HAI read its tensors without running its code. In Python, torch.jit.load loads it and compiles the TorchScript code stored inside; the tensors are named as its state_dict() names them.'),
    clickHintTensor: vscode.l10n.t('Click a tensor to histogram its values; tick tensors to list their first rows.'),
    skipped: vscode.l10n.t('Not read'),
    entries: vscode.l10n.t('{0} entries', '{0}'),
    sizes: vscode.l10n.t('{0} stored, {1} uncompressed', '{0}', '{1}'),
    counter: vscode.l10n.t('counted by {0}', '{0}'),
    shape: vscode.l10n.t('shape {0}', '{0}'),
    unsupported: vscode.l10n.t('not numbers: cannot be histogrammed'),
    clickHint: vscode.l10n.t('Click a branch to histogram it; tick branches to list their first entries.'),
    tree: vscode.l10n.t('Tree'),
    expression: vscode.l10n.t('Expression'),
    expressionHint: vscode.l10n.t('Branches, arithmetic and functions: sqrt(Jet_Px**2 + Jet_Py**2), len(Jet_Px), max(Jet_Px); an element by its index: Jet_Px[0], Muon_E[argmax(Muon_Px)], Jet_pt[Muon_jetIdx]'),
    yExpression: vscode.l10n.t('Y expression'),
    yExpressionHint: vscode.l10n.t('Empty for a 1-D histogram; with it, a 2-D histogram of (x, y) pairs (40 × 40 bins by default) or, with Profile ticked, the mean of y in each x bin'),
    yBins: vscode.l10n.t('Y bins'),
    yLow: vscode.l10n.t('Y low'),
    yHigh: vscode.l10n.t('Y high'),
    cutflow: vscode.l10n.t('Cut flow'),
    cutflowHint: vscode.l10n.t('The entry cut\'s conditions joined by "and", in order, as RDataFrame\'s Report(): the entries that pass each condition and all before it, and with a weight of one value per entry the sum of their weights; efficiency of those that passed the step before, cumulative of all entries read.'),
    cutflowCut: vscode.l10n.t('Condition'),
    cutflowPassed: vscode.l10n.t('Entries'),
    cutflowSumw: vscode.l10n.t('Sum of weights'),
    cutflowEfficiency: vscode.l10n.t('Efficiency'),
    cutflowCumulative: vscode.l10n.t('Cumulative'),
    cutflowAll: vscode.l10n.t('All entries'),
    yLimitsHint: vscode.l10n.t('A profile\'s y limits, as ROOT\'s TProfile ylow and yup: pairs whose y is outside [low, high] are not filled (not in the means, nor in the entries). Empty: no limit.'),
    noLimit: vscode.l10n.t('no limit'),
    logZ: vscode.l10n.t('Log colour'),
    profile: vscode.l10n.t('Profile'),
    profileMean: vscode.l10n.t('mean'),
    profileErrors: vscode.l10n.t('Errors'),
    profileErrors_mean: vscode.l10n.t('of the mean'),
    profileErrors_spread: vscode.l10n.t('spread (s)'),
    profileErrors_integer: vscode.l10n.t('integer y (i)'),
    profileErrorsHint: vscode.l10n.t('ROOT\'s error options: of the mean (default); spread (s), the width of y in each bin; integer y (i), of the mean but 1/√(12 n) where all values are equal; 1/√Σw (g), for y measured with errors σ filled with weights 1/σ²'),
    profileErrors_weights: vscode.l10n.t('1/√Σw (g)'),
    statMeanX: vscode.l10n.t('Mean x'),
    statMeanY: vscode.l10n.t('Mean y'),
    statStdDevX: vscode.l10n.t('Std Dev x'),
    statStdDevY: vscode.l10n.t('Std Dev y'),
    statOutside: vscode.l10n.t('Outside the ranges'),
    entryCut: vscode.l10n.t('Entry cut'),
    entryCutHint: vscode.l10n.t('Keeps or drops whole entries: NJet >= 2, any(Jet_Px > 50), Entry$ % 2 == 0 (the even entries, by ROOT\'s entry number)'),
    weight: vscode.l10n.t('Weight'),
    weightHintTensor: vscode.l10n.t('Each value\'s weight: one per row, or one per value; empty: 1'),
    weightSum: vscode.l10n.t('sum of weights'),
    weightHint: vscode.l10n.t('Each fill\'s weight, as ROOT\'s Draw("x", "w*(cut)"): an event weight such as EventWeight, or one per element; empty: 1'),
    definitions: vscode.l10n.t('Definitions'),
    definitionsHint: vscode.l10n.t('Names for expressions, one per line, used in the fields above as ROOT\'s SetAlias: pt = hypot(Jet_Px, Jet_Py). Ctrl+Enter draws'),
    elementCut: vscode.l10n.t('Element cut'),
    elementCutHint: vscode.l10n.t('Masks elements of a jagged expression: Jet_Px > 20'),
    expressionHintTensor: vscode.l10n.t('Tensors of the part, arithmetic and functions: abs(`fc.weight`), `fc.weight` * 100'),
    entryCutHintTensor: vscode.l10n.t('Keeps or drops whole rows (the first axis): max(abs(`fc.weight`)) > 0.1'),
    elementCutHintTensor: vscode.l10n.t('Masks values within each row: abs(`fc.weight`) > 0.01'),
    bins: vscode.l10n.t('Bins'),
    firstEntry: vscode.l10n.t('First entry'),
    entryCount: vscode.l10n.t('Entries'),
    allEntries: vscode.l10n.t('all'),
    entryRangeHint: vscode.l10n.t('Only these entries, as TTree::Draw\'s firstentry and nentries: from the first entry (0 is the first), at most this many; over a dataset, counted through its files in order. Empty: all. Cuts apply within them.'),
    entryRange: vscode.l10n.t('{0} must be a whole number, {1} or more.', '{0}', '{1}'),
    binsRange: vscode.l10n.t('{0} must be a whole number from 1 to {1}.', '{0}', '{1}'),
    low: vscode.l10n.t('Low'),
    high: vscode.l10n.t('High'),
    auto: vscode.l10n.t('auto'),
    logX: vscode.l10n.t('Log x'),
    logY: vscode.l10n.t('Log y'),
    draw: vscode.l10n.t('Draw'),
    cancel: vscode.l10n.t('Cancel'),
    copyPython: vscode.l10n.t('Copy as Python'),
    savePng: vscode.l10n.t('Save PNG'),
    saveSvg: vscode.l10n.t('Save SVG'),
    pin: vscode.l10n.t('Overlay'),
    unpin: vscode.l10n.t('Remove from the overlay'),
    overlaid: vscode.l10n.t('Overlaid:'),
    normalise: vscode.l10n.t('Normalise (unit area)'),
    fraction: vscode.l10n.t('fraction'),
    ratioPanel: vscode.l10n.t('Ratio'),
    ratioHint: vscode.l10n.t('Under the plot, the histogram drawn divided bin by bin by each overlay with the same bins, as ROOT\'s TRatioPlot with option divsym: the errors of both, taken as independent (two separate samples, not a selection over the sample it was cut from); normalised first when Normalise is ticked.'),
    ratioAxis: vscode.l10n.t('ratio'),
    ratioOtherBins: vscode.l10n.t('No ratio: no overlay has the bins of this histogram. Draw it with the same bins and range as the overlay.'),
    saveCsv: vscode.l10n.t('Save CSV'),
    statEntries: vscode.l10n.t('Entries'),
    statMean: vscode.l10n.t('Mean'),
    statStdDev: vscode.l10n.t('Std Dev'),
    statUnderflow: vscode.l10n.t('Underflow'),
    statOverflow: vscode.l10n.t('Overflow'),
    statIntegral: vscode.l10n.t('Integral'),
    statNan: vscode.l10n.t('NaN (not filled)'),
    read: vscode.l10n.t('{0} entries read, {1} kept, in {2} ms', '{0}', '{1}', '{2}'),
    graphRead: vscode.l10n.t('{0}, {1} points, read in {2} ms', '{0}', '{1}', '{2}'),
    graphLine: vscode.l10n.t('Join the points'),
    graphHover: vscode.l10n.t('Point at a marker to read its values and errors.'),
    graphLogX: vscode.l10n.t('Log x needs a point with x above 0.'),
    graphLogY: vscode.l10n.t('Log y needs a point with y above 0.'),
    statPoints: vscode.l10n.t('Points'),
    statPassed: vscode.l10n.t('Passed'),
    statTotal: vscode.l10n.t('Total'),
    statEfficiency: vscode.l10n.t('Efficiency'),
    statInterval: vscode.l10n.t('Interval'),
    interval_clopperPearson: vscode.l10n.t('Clopper–Pearson'),
    interval_normal: vscode.l10n.t('normal approximation'),
    interval_wilson: vscode.l10n.t('Wilson'),
    interval_agrestiCoull: vscode.l10n.t('Agresti–Coull'),
    interval_jeffrey: vscode.l10n.t('Jeffrey\'s prior'),
    interval_uniform: vscode.l10n.t('uniform prior'),
    interval_bayesian: vscode.l10n.t('Beta({0}, {1}) prior', '{0}', '{1}'),
    interval_midP: vscode.l10n.t('mid-P'),
    interval_binPriors: vscode.l10n.t('a Beta prior of each bin'),
    intervalWeighted: vscode.l10n.t('(weighted)'),
    statNotNumbers: vscode.l10n.t('Not numbers'),
    efficiencyAsked_weighted: vscode.l10n.t('It is filled with weights, for which ROOT gives its frequentist options the normal approximation: that is drawn.'),
    efficiencyAsked_feldmanCousins: vscode.l10n.t('It asks for Feldman–Cousins intervals, which are not computed here: Clopper–Pearson intervals are drawn.'),
    efficiencyAsked_shortest: vscode.l10n.t('It asks for the shortest Bayesian intervals, which are not computed here: central intervals are drawn.'),
    statCorrelation: vscode.l10n.t('Correlation'),
    multiplicity: vscode.l10n.t('Multiplicity'),
    // Short enough for the narrow chart beside the histogram; README says what is counted.
    elementsPerEntry: vscode.l10n.t('elements per entry'),
    count: vscode.l10n.t('count'),
    entriesAxis: vscode.l10n.t('entries'),
    tableTitle: vscode.l10n.t('First entries'),
    tableTitleDrawn: vscode.l10n.t('Entries drawn'),
    loadMore: vscode.l10n.t('More entries'),
    rowsStop: vscode.l10n.t('Stop'),
    rowsStopHint: vscode.l10n.t('Stop reading this page: the rows listed stay, and More entries goes on from where the reading stopped (a dataset\'s files read before it are not read again).'),
    rowsStopped: vscode.l10n.t('Stopped: {0} rows listed. More entries goes on from entry {1}.', '{0}', '{1}'),
    rowsShown: vscode.l10n.t('{0} of {1} entries', '{0}', '{1}'),
    rowsShownChain: vscode.l10n.t('{0} of {1} entries in {2} files', '{0}', '{1}', '{2}'),
    rowsShownAtLeast: vscode.l10n.t('{0} of at least {1} entries: {2} of {3} files counted so far, the others as you scroll', '{0}', '{1}', '{2}', '{3}'),
    rowsEntryInFile: vscode.l10n.t('{0}, entry {1}', '{0}', '{1}'),
    rowsCounting: vscode.l10n.t('Counting the entries of the files to the page asked for: {0} of {1} files…', '{0}', '{1}'),
    rowsSkipped: vscode.l10n.t('Files left out: {0}', '{0}'),
    rowsWithCut: vscode.l10n.t('Only the entries drawn (entry cut, first entry, entries)'),
    rowsExpressions: vscode.l10n.t('Expressions'),
    rowsExpressionsHint: vscode.l10n.t('More columns, as TTree::Scan("NJet:sum(Jet_Px)") lists them: expressions separated by colons, which may use the definitions; Enter lists them'),
    rowsWithCutHint: vscode.l10n.t('As ROOT\'s TTree::Scan with a selection: only the entries that pass the entry cut above, within First entry and Entries, each with its entry number. The list follows the form each time you draw; it is off when the form draws another tree.'),
    rowsPassing: vscode.l10n.t('{0} of entries {1} to {2} pass the entry cut; more are read as you scroll', '{0}', '{1}', '{2}'),
    rowsPassed: vscode.l10n.t('{0} of entries {1} to {2} pass the entry cut', '{0}', '{1}', '{2}'),
    entry: vscode.l10n.t('entry'),
    logXNeedsPositive: vscode.l10n.t('Log x needs a range above 0.'),
    dataset: vscode.l10n.t('Dataset'),
    files: vscode.l10n.t('{0} files', '{0}'),
    structureOf: vscode.l10n.t('structure as in {0}', '{0}'),
    progress: vscode.l10n.t('{0} of {1} files · {2} of {3} · {4} entries read…', '{0}', '{1}', '{2}', '{3}', '{4}'),
    failedFiles: vscode.l10n.t('{0} files are left out of the histogram:', '{0}'),
    failedFile: vscode.l10n.t('1 file is left out of the histogram:'),
    fitModel: vscode.l10n.t('Fit'),
    fitModelHint: vscode.l10n.t('ROOT\'s functions: gaus, expo, pol0 … pol9, breitwigner, crystalball, landau, a sum such as gaus + pol1, or a formula such as [0]*exp(-x/[1]) + [2] (set its start values under Parameters)'),
    fitChi2: vscode.l10n.t('Least squares (χ²)'),
    fitLikelihood: vscode.l10n.t('Likelihood (Poisson)'),
    fitLow: vscode.l10n.t('from'),
    fitHigh: vscode.l10n.t('to'),
    fitLowY: vscode.l10n.t('Y from'),
    fitHighY: vscode.l10n.t('to'),
    fitRangeYHint: vscode.l10n.t('Empty: the whole Y axis.'),
    fitModelHint2D: vscode.l10n.t('ROOT\'s 2-D functions: xygaus, bigaus (with correlation Rho), xyexpo, a sum such as xygaus + pol0, or a formula in x and y such as [0]*exp(-x/[1]-y/[2]) (set its start values under Parameters)'),
    fit: vscode.l10n.t('Fit'),
    removeFit: vscode.l10n.t('Remove fit'),
    statChi2: vscode.l10n.t('χ² / ndf'),
    statProb: vscode.l10n.t('Prob'),
    fitDone: vscode.l10n.t('{0} fitted to {1} bins.', '{0}', '{1}'),
    fitNotConverged: vscode.l10n.t('The fit of {0} did not converge: its values may not be the best. Set start values under Parameters, try a narrower range, or another function.', '{0}'),
    fitNotFinite: vscode.l10n.t('{0} cannot be computed over the fit range where its parameters started (a logarithm of a negative number, a division by 0, an overflow): set start values under Parameters, or narrow the range.', '{0}'),
    fitUndetermined: vscode.l10n.t('The fit of {0} did not converge: from where it started, the data do not tell its parameters apart. Set start values under Parameters, or write the function with fewer parameters.', '{0}'),
    fitHeld: vscode.l10n.t('The bins do not depend on {0} (a tail beyond the range): held where the fit left it, without an error.', '{0}'),
    compareLine: vscode.l10n.t('χ² p = {0} · KS p = {1}', '{0}', '{1}'),
    compareHint: vscode.l10n.t('Against the histogram drawn, as ROOT\'s Chi2Test (two histograms of counts, each to its own total) and KolmogorovTest (on the bins, so approximate): a small p says they differ. Two profiles: the χ² of their means\' differences over the errors of the means, one degree of freedom a bin where both means have an error; for two separate samples (the same events twice are not).'),
    compareMeansLine: vscode.l10n.t('means χ² p = {0}', '{0}'),
    compareKinds: vscode.l10n.t('a profile and a histogram: not drawn together'),
    compareProfileErrors: vscode.l10n.t('not compared: choose Errors of the mean'),
    compareBinning: vscode.l10n.t('other bins: not compared'),
    compareWeights: vscode.l10n.t('weighted: not compared'),
    compareEmpty: vscode.l10n.t('empty: not compared'),
    fitIntegral: vscode.l10n.t('Mean over bins'),
    fitContour: vscode.l10n.t('Contour of'),
    fitContourAnd: vscode.l10n.t('and'),
    fitContourHint: vscode.l10n.t('The 68 % region of two parameters together, where the χ² minimised over the others is 2.28 above its minimum (MINUIT\'s MNCONTOUR): drawn under the parameters at each fit'),
    fitContourTitle: vscode.l10n.t('68 % contour'),
    fitContourNotFound: vscode.l10n.t('No contour: the χ² does not rise 2.28 above its minimum within the parameters\' limits in enough directions.'),
    fitIntegralHint: vscode.l10n.t('Fit the function\'s mean over each bin, not its value at the bin\'s centre (ROOT\'s option I): for steep spectra in wide bins.'),
    fitDoneIntegral: vscode.l10n.t('{0} fitted to its means over {1} bins.', '{0}', '{1}'),
    fitMinos: vscode.l10n.t('MINOS errors'),
    fitMinosHint: vscode.l10n.t('Asymmetric errors, as MINUIT\'s MINOS (ROOT\'s option E): where the χ², minimised over the other parameters, rises by 1. Slower: a fit per step.'),
    fitNoCrossing: vscode.l10n.t('MINOS found no crossing on one side for {0} (a limit, or the χ² stays within 1 of its minimum): HESSE\'s error shown.', '{0}'),
    fitMinosRefit: vscode.l10n.t('MINOS found a lower minimum than the fit had stopped in (χ² {1} instead of {0}): the fit was redone from there.', '{0}', '{1}'),
    fitMinosGaveUp: vscode.l10n.t('MINOS found a lower minimum than the fit had stopped in (χ² {1} instead of {0}) and the fit was redone from there, but MINOS could not finish from it: set start values nearer the minimum under Parameters and fit again.', '{0}', '{1}'),
    fitMinosUnconfirmed: vscode.l10n.t('MINOS came upon a χ² below the fit\'s minimum, but fitting again from there found no lower minimum: MINOS errors are not shown. Set start values under Parameters and fit again.'),
    fitMinosUnreached: vscode.l10n.t('MINOS ran out of its 10 seconds before the crossings of {0}: HESSE\'s error shown.', '{0}'),
    fitParameters: vscode.l10n.t('Parameters'),
    fitParameter: vscode.l10n.t('Parameter'),
    fitStart: vscode.l10n.t('Start'),
    fitFixed: vscode.l10n.t('fixed'),
    fitMin: vscode.l10n.t('Min'),
    fitMax: vscode.l10n.t('Max'),
    fitAtLimit: vscode.l10n.t('at limit'),
    fitAtEdge: vscode.l10n.t('at the edge'),
    fitAtEdgeHint: vscode.l10n.t('The function is 0 in some empty bins at the best fit, and the likelihood ends there: the errors of {0} are one-sided, so none is shown. Tick MINOS errors for their intervals.', '{0}'),
    fitAtEdgeMinos: vscode.l10n.t('The function is 0 in some empty bins at the best fit, and the likelihood ends there: for {0}, MINOS\'s interval is shown, one-sided where it ends.', '{0}'),
    fitRangeHint: vscode.l10n.t('Empty: the whole histogram. Or drag across the chart to choose the range.'),
    fitRangeOrder: vscode.l10n.t('The upper end of the fit range must be above the lower end.'),
    stalePlot: vscode.l10n.t('Not redrawn: the last Draw failed. This is the previous plot: {0}', '{0}'),
    openFailedFile: vscode.l10n.t('This file could not be opened'),
    openFailedDataset: vscode.l10n.t('This dataset could not be opened'),
    openFailedHint: vscode.l10n.t('The explorer reads ROOT, HDF5, Parquet, NumPy (.npy, .npz), PyTorch and safetensors files on this machine. A file still being written, copied or downloaded looks cut short: press Retry once it is complete. The full error is in the HAI output.'),
    retry: vscode.l10n.t('Retry'),
  };
}
