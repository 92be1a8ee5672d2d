// End-to-end: fits in the data explorer, in code-server, on the demo workspace's uproot-HZZ.root. MET_px
// fitted with gaus: the curve, χ² / ndf, Prob and the parameters in ROOT's statistics box, a misspelt
// function pointed at, a refit on each new cut, a fixed parameter, Copy as Python fitting with iminuit;
// then a formula of named parameters, with start values, its means over bins and MINOS intervals;
// then MET_py against MET_px fitted with bigaus: contours, the correlation, Copy as Python's 2-D fit.
// The explorer's histograms and cuts: dataExplorer.test.ts.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { copiedPython, openInExplorer, statisticsRows } from './explorerPage';
import { screenshotPath, useWorkbench, webviewFrame, type Workbench } from './workbench';

describe('fits in the data explorer in code-server', function () {
  this.timeout(180_000);
  const workbench = useWorkbench();
  let wb: Workbench;
  let view: FrameLocator;

  before(async () => {
    wb = workbench();
    await openInExplorer(wb.page, 'uproot-HZZ.root');
    view = await webviewFrame(wb.page, 'uproot-HZZ.root');
  });

  it('fits MET_px with gaus: the curve, χ² / ndf, Prob and the parameters in the statistics box; a typo in the function is pointed at; refits a new cut; Copy as Python fits with iminuit', async () => {
    const { page } = wb;
    await view.locator('#entryCut').fill('');
    await view.locator('#elementCut').fill('');
    await view.locator('#expression').fill('MET_px');
    await view.locator('#bins').fill('50');
    await view.locator('#low').fill('-100');
    await view.locator('#high').fill('100');
    await view.locator('#draw').click();
    await view.locator('#histogram .u-title', { hasText: /^MET_px$/ }).waitFor();
    // A misspelt function: the error says which names there are and points at the word.
    await view.locator('#fitModel').fill('gauss');
    await view.locator('#fit').click();
    await view.locator('#error', { hasText: 'Unknown function "gauss"' }).waitFor();
    assert.match(await view.locator('#error pre').innerText(), /gauss\n\s+\^{5}$/);
    await view.locator('#fitModel').fill('gaus');
    await view.locator('#fit').click();
    await view.locator('#status', { hasText: /^gaus fitted to \d+ bins\.$/ }).waitFor();
    const rows = await statisticsRows(view);
    const names = rows.map(([k]) => k);
    // ROOT's box with a fit: the histogram's lines, then χ² / ndf, Prob and each parameter ± its error.
    assert.deepEqual(names.slice(-5), ['χ² / ndf', 'Prob', 'Constant', 'Mean', 'Sigma']);
    assert.match(rows[names.indexOf('χ² / ndf')][1], /^[\d.]+ \/ \d+$/);
    const [mean, meanError] = rows[rows.length - 2][1].split(' ± ').map(Number);
    const [sigma] = rows[rows.length - 1][1].split(' ± ').map(Number);
    const histogramMean = Number(rows[names.indexOf('Mean')][1]);
    const stdDev = Number(rows[names.indexOf('Std Dev')][1]);
    // The fitted peak sits where the histogram's mean is, and is narrower than the tails make the Std Dev.
    assert.ok(Math.abs(mean - histogramMean) < 5 * meanError + 1, `fitted mean ${mean} ± ${meanError}, histogram mean ${histogramMean}`);
    assert.ok(sigma > 5 && sigma < stdDev, `sigma ${sigma}, std dev ${stdDev}`);
    await view.locator('#histogram').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: screenshotPath('data-explorer-fit.png') });
    // A new cut: the same fit is done again on the histogram drawn.
    await view.locator('#entryCut').fill('NJet >= 1');
    await view.locator('#draw').click();
    await view.locator('#histogram .u-title', { hasText: 'MET_px {NJet >= 1}' }).waitFor();
    await view.locator('#status', { hasText: /^gaus fitted to \d+ bins\.$/ }).waitFor();
    assert.equal(await view.locator('#stats tr', { hasText: 'Sigma' }).count(), 1);
    // Dragging across the middle two fifths of the chart fits that range at once: some 20 of the 50 bins.
    await view.locator('#histogram').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    const over = await view.locator('#histogram .u-over').boundingBox();
    assert.ok(over);
    await page.mouse.move(over.x + over.width * 0.3, over.y + over.height / 2);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width * 0.7, over.y + over.height / 2, { steps: 8 });
    await page.mouse.up();
    await view.locator('#status', { hasText: /^gaus fitted to (1[89]|2[0-2]) bins\.$/ }).waitFor();
    const [from, to] = [Number(await view.locator('#fitLow').inputValue()), Number(await view.locator('#fitHigh').inputValue())];
    assert.ok(Math.abs(from + 40) < 3 && Math.abs(to - 40) < 3, `range ${from} … ${to}`);
    // The parameters: Mean fixed at 0 (a degree of freedom more), shown as fixed in the box.
    const ndf = Number(/\/ (\d+)$/.exec(await view.locator('#stats tr', { hasText: 'χ² / ndf' }).innerText())?.[1]);
    await view.locator('#fit-parameters summary').click();
    await view.getByRole('spinbutton', { name: 'Mean: Start' }).fill('0');
    await view.getByRole('checkbox', { name: 'Mean: fixed' }).check();
    await view.locator('#fit').click();
    await view.locator('#stats tr', { hasText: /^Mean\s*0 \(fixed\)$/ }).waitFor();
    assert.match(await view.locator('#stats tr', { hasText: 'χ² / ndf' }).innerText(), new RegExp(`/ ${ndf + 1}$`));
    const script = await copiedPython(page, view, /plt\.show\(\)/);
    assert.match(script, /def model\(x, Constant, Mean, Sigma\):/);
    assert.match(script, /from iminuit import Minuit/);
    assert.match(script, /counts = h\.values\(\)/);
    assert.match(script, new RegExp(`inside = \\(centres >= ${from}(\\.0)?\\) & \\(centres <= ${to}(\\.0)?\\) & \\(errors > 0\\)`));
    assert.match(script, /plt\.plot\(x, model\(x, \*m\.values\), label="gaus"\)/);
    assert.match(script, /m\.fixed\["Mean"\] = True/);
    await page.locator('.tab', { hasText: 'uproot-HZZ.root' }).click();
    view = await webviewFrame(page, 'uproot-HZZ.root');
    await view.locator('#removeFit').click();
    await view.locator('#stats tr', { hasText: 'Sigma' }).waitFor({ state: 'detached' });
    await view.locator('#entryCut').fill('');
  });

  it('fits MET_px with a formula of named parameters: started where typed under Parameters, the same peak as its histogram, MINOS intervals; Copy as Python defines it', async () => {
    const { page } = wb;
    await view.locator('#fitLow').fill('');
    await view.locator('#fitHigh').fill('');
    await view.locator('#draw').click();
    await view.locator('#histogram .u-title', { hasText: /^MET_px$/ }).waitFor();
    // A parameter's bracket left open is pointed at.
    await view.locator('#fitModel').fill('[A*exp(x)');
    await view.locator('#fit').click();
    await view.locator('#error', { hasText: 'closing ]' }).waitFor();
    const formula = '[A]*exp(-0.5*((x-[mu])/[s])^2)';
    await view.locator('#fitModel').fill(formula);
    await view.locator('#fit').click();
    // Its parameters start at 1: whatever came of that, the table now has a row for each.
    await view.getByRole('spinbutton', { name: 'mu: Start' }).waitFor();
    await view.getByRole('spinbutton', { name: 'A: Start' }).fill('100');
    await view.getByRole('spinbutton', { name: 'mu: Start' }).fill('0');
    await view.getByRole('spinbutton', { name: 's: Start' }).fill('20');
    await view.locator('#fit').click();
    await view.locator('#status', { hasText: `${formula} fitted to` }).waitFor();
    const rows = await statisticsRows(view);
    const names = rows.map(([k]) => k);
    assert.deepEqual(names.slice(-3), ['A', 'mu', 's']);
    const [mu, muError] = rows[rows.length - 2][1].split(' ± ').map(Number);
    const [sigma] = rows[rows.length - 1][1].split(' ± ').map(Number);
    const histogramMean = Number(rows[names.indexOf('Mean')][1]);
    assert.ok(Math.abs(mu - histogramMean) < 5 * muError + 1, `fitted mu ${mu} ± ${muError}, histogram mean ${histogramMean}`);
    assert.ok(sigma > 5 && sigma < Number(rows[names.indexOf('Std Dev')][1]), `s ${sigma}`);
    // The function's mean over each bin (option I), then off again.
    await view.locator('#fitIntegral').check();
    await view.locator('#fit').click();
    await view.locator('#status', { hasText: `${formula} fitted to its means over` }).waitFor();
    await view.locator('#fitIntegral').uncheck();
    // MINOS errors: each parameter's interval, `0.07 +0.42 −0.42`, in place of ± its error.
    await view.locator('#fitMinos').check();
    await view.locator('#fit').click();
    await view.locator('#stats tr', { hasText: /^mu\s*-?[\d.]+ \+[\d.]+ −[\d.]+$/ }).waitFor();
    await view.locator('#histogram').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: screenshotPath('data-explorer-formula.png') });
    // The 68 % contour of mu and s: a point every 15° around the best fit, drawn under the parameters.
    await view.locator('#fitContourX').selectOption('mu');
    await view.locator('#fitContourY').selectOption('s');
    await view.locator('#fit').click();
    await view.locator('#fit-contour[data-points="24"]').waitFor();
    await view.locator('#fit-contour').evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: screenshotPath('data-explorer-contour.png') });
    const end = await copiedPython(page, view, /plt\.show\(\)/);
    assert.match(end, /def model\(x, A, mu, s\):/);
    assert.match(end, /m = Minuit\(LeastSquares\(.*\), A=[-\d.e]+, mu=[-\d.e]+, s=[-\d.e]+\)/);
    assert.match(end, /^ {4}m\.minos\(\)$/m);
    assert.match(end, /^contour = m\.mncontour\("mu", "s", size=24\) if m\.valid else np\.empty\(\(0, 2\)\)$/m);
    await page.locator('.tab', { hasText: 'uproot-HZZ.root' }).click();
    view = await webviewFrame(page, 'uproot-HZZ.root');
    await view.locator('#removeFit').click();
    await view.locator('#stats tr', { hasText: /^mu/ }).waitFor({ state: 'detached' });
    assert.equal(await view.locator('#fit-contour-pick').isVisible(), false);
  });

  it('fits MET_py against MET_px with bigaus over a Y range: red contours, the means, widths and correlation in the box; a 1-D function is refused for it; Copy as Python fits the cells', async () => {
    const { page } = wb;
    await view.locator('#fitMinos').uncheck();
    await view.locator('#yExpression').fill('MET_py');
    await view.locator('#yBins').waitFor();
    for (const [field, value] of [['#bins', '40'], ['#low', '-100'], ['#high', '100'], ['#yBins', '40'], ['#yLow', '-100'], ['#yHigh', '100']]) await view.locator(field).fill(value);
    await view.locator('#draw').click();
    await view.locator('#histogram .u-title', { hasText: 'MET_py vs MET_px' }).waitFor();
    // The row offers the Y range now; a 1-D function says what to write instead.
    await view.locator('#fitLowY').waitFor();
    await view.locator('#fitModel').fill('gaus');
    await view.locator('#fit').click();
    await view.locator('#error', { hasText: 'gaus fits a 1-D histogram: write a 2-D function' }).waitFor();
    await view.locator('#fitModel').fill('bigaus');
    await view.locator('#fitLowY').fill('-60');
    await view.locator('#fitHighY').fill('60');
    await view.locator('#fit').click();
    await view.locator('#status', { hasText: /^bigaus fitted to \d+ bins\.$/ }).waitFor();
    const rows = await statisticsRows(view);
    const names = rows.map(([k]) => k);
    assert.deepEqual(names.slice(-8), ['χ² / ndf', 'Prob', 'Constant', 'MeanX', 'SigmaX', 'MeanY', 'SigmaY', 'Rho']);
    const value = (name: string): [number, number] => rows[names.lastIndexOf(name)][1].split(' ± ').map(Number) as [number, number];
    // The missing transverse momentum: a peak at 0 in both, some 10 to 40 GeV wide, hardly correlated.
    for (const mean of ['MeanX', 'MeanY']) assert.ok(Math.abs(value(mean)[0]) < 5 * value(mean)[1] + 3, `${mean} ${value(mean)}`);
    for (const sigma of ['SigmaX', 'SigmaY']) assert.ok(value(sigma)[0] > 10 && value(sigma)[0] < 40, `${sigma} ${value(sigma)}`);
    assert.ok(Math.abs(value('Rho')[0]) < 0.2, `Rho ${value('Rho')}`);
    assert.ok(Number(await view.locator('#histogram').getAttribute('data-contours')) >= 5, 'the contours are drawn');
    await view.locator('#histogram').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: screenshotPath('data-explorer-fit2d.png') });
    const script = await copiedPython(page, view, /plt\.show\(\)/);
    assert.match(script, /def model\(x, y, Constant, MeanX, SigmaX, MeanY, SigmaY, Rho\):/);
    assert.match(script, /inside = \(cell_x >= -100(\.0)?\) & \(cell_x <= 100(\.0)?\) & \(cell_y >= -60(\.0)?\) & \(cell_y <= 60(\.0)?\) & \(cell_error > 0\)/);
    assert.match(script, /plt\.contour\(grid_x, grid_y, model\(grid_x, grid_y, \*m\.values\)/);
    await page.locator('.tab', { hasText: 'uproot-HZZ.root' }).click();
    view = await webviewFrame(page, 'uproot-HZZ.root');
    await view.locator('#removeFit').click();
    await view.locator('#stats tr', { hasText: /^Rho/ }).waitFor({ state: 'detached' });
    await view.locator('#yExpression').fill('');
  });
});
