// End-to-end: a physicist's first plot of the demo's H → ZZ → 4ℓ events, in the data explorer: the mass
// of each event's first two muons, written with elements by their index as for ROOT's TTree::Draw
// (Muon_E[0], Muon_E[1] …), drawn for the events that have two muons — the statistics box as NumPy
// computes it from the file by an independent decoder (test/fixtures/data/root/reference.py) — and
// the Z fitted with ROOT's breitwigner; weighted by each event's weight; then a profile of the muons'
// energy against their Pz (ROOT's TProfile), fitted with a parabola.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chiSquareProbability } from '../../core/data/fit/chiSquareProbability';
import { ROOT } from '../../scripts/paths';
import { copiedPython, openInExplorer, saveAsProposed, statistics, statisticsRows } from './explorerPage';
import { screenshotPath, useWorkbench, webviewFrame } from './workbench';
import { until } from '../support/until';

const reference = JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'data', 'root', 'reference.json'), 'utf8')) as {
  dimuon_mass: { entries: number; mean: number; std_dev: number; underflow: number; overflow: number };
  dimuon_mass_weighted: { entries: number; mean: number; integral: number };
  hardest_muon_E: { entries: number; mean: number };
  profile_Muon_E_Muon_Pz: ProfileReference;
  profile_Muon_E_Muon_Pz_plus: ProfileReference;
  profile_Muon_E_Muon_Pz_minus: ProfileReference;
  profile_Muon_E_Muon_Pz_limited: ProfileReference;
};

const MASS = 'sqrt((Muon_E[0] + Muon_E[1])**2 - (Muon_Px[0] + Muon_Px[1])**2 - (Muon_Py[0] + Muon_Py[1])**2 - (Muon_Pz[0] + Muon_Pz[1])**2)';

describe('the dimuon mass in the data explorer', function () {
  this.timeout(180_000);
  const workbench = useWorkbench();

  it('draws the mass of the first two muons of the events that have two, and fits the Z peak with breitwigner + pol0', async () => {
    const { page } = workbench();
    await openInExplorer(page, 'uproot-HZZ.root');
    const view = await webviewFrame(page, 'uproot-HZZ.root');
    // A computed index naming no branch (O for 0) is pointed at.
    await view.locator('#expression').fill('Muon_E[O]');
    await view.locator('#draw').click();
    await view.locator('#error', { hasText: 'There is no branch or column "O".' }).waitFor();
    assert.match(await view.locator('#error pre').innerText(), /^Expression: Muon_E\[O\]\n {19}\^$/);
    // An index computed per event: the energy of the hardest muon, in every event that has a muon.
    await view.locator('#expression').fill('Muon_E[argmax(Muon_Px**2 + Muon_Py**2)]');
    await view.locator('#bins').fill('20');
    await view.locator('#low').fill('0');
    await view.locator('#high').fill('200');
    await view.locator('#draw').click();
    await view.locator('#status', { hasText: `2,421 entries read, ${reference.hardest_muon_E.entries.toLocaleString('en-US')} kept` }).waitFor();
    assert.equal((await statistics(view)).Mean, Number(reference.hardest_muon_E.mean.toPrecision(6)).toString());
    await view.locator('#expression').fill(MASS);
    await view.locator('#bins').fill('40');
    await view.locator('#low').fill('50');
    await view.locator('#high').fill('130');
    await view.locator('#draw').click();
    // The events with fewer than two muons are not kept, nor filled.
    const want = reference.dimuon_mass;
    await view.locator('#status', { hasText: `2,421 entries read, ${want.entries.toLocaleString('en-US')} kept` }).waitFor();
    const stats = await statistics(view);
    assert.deepEqual([stats.Entries, stats.Underflow, stats.Overflow], [want.entries, want.underflow, want.overflow].map(String));
    assert.equal(stats.Mean, Number(want.mean.toPrecision(6)).toString());
    assert.equal(stats['Std Dev'], Number(want.std_dev.toPrecision(6)).toString());
    assert.equal(await view.locator('#multiplicity').count(), 0, 'one value per event: no multiplicity plot');
    // The Z: a Breit–Wigner over a flat background, by likelihood, between 70 and 110 GeV.
    await view.locator('#fitModel').fill('breitwigner + pol0');
    await view.locator('#fitMethod').selectOption('likelihood');
    await view.locator('#fitLow').fill('70');
    await view.locator('#fitHigh').fill('110');
    await view.locator('#fit').click();
    await view.locator('#status', { hasText: /^breitwigner \+ pol0 fitted to \d+ bins\.$/ }).waitFor();
    // The box's parameters come after the histogram's lines (which have a Mean of their own).
    const rows = await statisticsRows(view);
    assert.deepEqual(rows.slice(-4).map(([k]) => k), ['Constant', 'Mean', 'Gamma', 'p3']);
    const fitted = Object.fromEntries(rows.slice(-4));
    const [mass, massError] = fitted.Mean.split(' ± ').map(Number);
    const [width] = fitted.Gamma.split(' ± ').map(Number);
    // Near the Z's 91.19 GeV (the muons' momentum scale in this simulation puts it a little lower); its
    // width, 2.5 GeV, broadened by the resolution.
    assert.ok(mass > 90 && mass < 92 && massError < 0.3, `Z mass ${fitted.Mean}`);
    assert.ok(width > 2.5 && width < 8, `Gamma ${fitted.Gamma}`);
    await view.locator('#histogram').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: screenshotPath('data-explorer-dimuon.png') });
    // The script keeps the events with two muons, then indexes them as awkward does.
    const script = await copiedPython(page, view, /import\suproot/);
    assert.match(script, /has = \(ak\.num\(arrays\["Muon_E"\], axis=1\) >= 2\)/);
    assert.match(script, /arrays\["Muon_E"\]\[:, 0\] \+ arrays\["Muon_E"\]\[:, 1\]/);
  });

  it("weighs each event by its EventWeight: the entries but those of weight 0, their weights' sum as the integral; the fit by least squares", async () => {
    const { page } = workbench();
    await page.locator('.tab', { hasText: 'uproot-HZZ.root' }).click();
    const view = await webviewFrame(page, 'uproot-HZZ.root');
    // A misspelt branch is pointed at in the weight's own field.
    await view.locator('#weight').fill('EventWieght');
    await view.locator('#draw').click();
    await view.locator('#error', { hasText: 'There is no branch or column "EventWieght". Did you mean "EventWeight"?' }).waitFor();
    assert.equal(await view.locator('#weight.invalid').count(), 1);
    await view.locator('#weight').fill('EventWeight');
    await view.locator('#draw').click();
    await view.locator('#histogram .u-title', { hasText: /\{EventWeight\}$/ }).waitFor();
    const want = reference.dimuon_mass_weighted;
    // A weighted histogram has no Poisson likelihood: the refit says so, and what to do.
    await view.locator('#error', { hasText: 'The likelihood fit needs plain counts, and this histogram has weights' }).waitFor();
    // Two events have EventWeight 0: no fills, as TTree::Draw counts them (NumPy's reference leaves them out too).
    const stats = await statistics(view);
    assert.equal(stats.Entries, String(want.entries));
    assert.ok(want.entries < reference.dimuon_mass.entries);
    assert.ok(Math.abs(Number(stats.Integral) - want.integral) < 1e-4 * want.integral, `Integral ${stats.Integral}, NumPy ${want.integral}`);
    assert.ok(Math.abs(Number(stats.Mean) - want.mean) < 1e-4 * want.mean, `Mean ${stats.Mean}, NumPy ${want.mean}`);
    await view.locator('#fitMethod').selectOption('chi2');
    await view.locator('#fit').click();
    await view.locator('#status', { hasText: /^breitwigner \+ pol0 fitted to \d+ bins\.$/ }).waitFor();
    const rows = await statisticsRows(view);
    const [mass] = Object.fromEntries(rows.slice(-4)).Mean.split(' ± ').map(Number);
    assert.ok(mass > 90 && mass < 92, `weighted Z mass ${mass}`);
  });

  it("draws a profile, the muons' mean energy in each bin of their Pz with the errors of the means, and fits it", async () => {
    const { page } = workbench();
    await page.locator('.tab', { hasText: 'uproot-HZZ.root' }).click();
    const view = await webviewFrame(page, 'uproot-HZZ.root');
    // The Z's fit is not for this plot: removed first (it would be done again on the profile).
    await view.locator('#removeFit').click();
    await view.locator('#removeFit').waitFor({ state: 'hidden' });
    await view.locator('#weight').fill('');
    await view.locator('#expression').fill('Muon_Pz');
    await view.locator('#yExpression').fill('Muon_E');
    await view.locator('#profile').check();
    // A profile bins x alone: the y binning is not asked for.
    assert.ok(await view.locator('#yBins').isDisabled());
    await view.locator('#bins').fill('20');
    await view.locator('#low').fill('-200');
    await view.locator('#high').fill('200');
    await view.locator('#draw').click();
    await view.locator('#histogram .u-title', { hasText: /^Muon_E vs Muon_Pz$/ }).waitFor();
    // A parabola, by least squares over the whole range's bins whose means have an error (a bin of one
    // muon has none, as in ROOT).
    await view.locator('#fitModel').fill('pol2');
    await view.locator('#fitLow').fill('');
    await view.locator('#fitHigh').fill('');
    await view.locator('#fit').click();
    const want = reference.profile_Muon_E_Muon_Pz;
    const fitted = want.errors.slice(1, -1).filter((e) => e > 0).length;
    await view.locator('#status', { hasText: new RegExp(`^pol2 fitted to ${fitted} bins\\.$`) }).waitFor();
    // TProfile's statistics box, as NumPy computes it from the file by an independent decoder.
    const stats = await statistics(view);
    assert.equal(stats.Entries, String(want.entries));
    assert.equal(stats['Mean y'], Number(want.mean_y.toPrecision(6)).toString());
    assert.equal(stats['Std Dev y'], Number(want.std_dev_y.toPrecision(6)).toString());
    assert.equal(stats.Integral, undefined, 'a profile has no integral of counts');
    // The energy rises with |Pz| on both sides: a parabola opening upwards.
    const rows = await statisticsRows(view);
    const [curvature] = Object.fromEntries(rows.slice(-3)).p2.split(' ± ').map(Number);
    assert.ok(curvature > 0, `p2 ${curvature}`);
    // Means are not counts: a profile is not fitted by likelihood.
    await view.locator('#fitMethod').selectOption('likelihood');
    await view.locator('#fit').click();
    await view.locator('#error', { hasText: 'needs plain counts' }).waitFor();
    await view.locator('#fitMethod').selectOption('chi2');
    await view.locator('#fit').click();
    await view.locator('#status', { hasText: /^pol2 fitted to \d+ bins\.$/ }).waitFor();
    await view.locator('#histogram').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: screenshotPath('data-explorer-profile.png') });
    const script = await copiedPython(page, view, /sumw,\ssumw2,\ssumwy,\ssumwy2/);
    assert.match(script, /# Reproduces the HAI profile with uproot and awkward/);
    assert.match(script, /EDGES = np\.linspace\(XLOW, XHIGH, XBINS \+ 1\)/);
    // ROOT's error option "s": each bin's error is the spread of its energies, redrawn at once when chosen,
    // and the parabola fitted again with those errors: the same bins (a bin of one muon has no spread), a
    // smaller χ², since every error is at least the error of the mean.
    const chi2 = async (): Promise<number> => Number((await statistics(view))['χ² / ndf'].split(' / ')[0]);
    await page.locator('.tab', { hasText: 'uproot-HZZ.root' }).click();
    const before = await chi2();
    await view.locator('#profileErrors').selectOption('spread');
    const spread = want.spreads.slice(1, -1).filter((e) => e > 0).length;
    await view.locator('#status', { hasText: new RegExp(`^pol2 fitted to ${spread} bins\\.$`) }).waitFor();
    await view.locator('#stats tr', { hasText: 'χ² / ndf' }).waitFor();
    const after = await chi2();
    assert.ok(after < before, `χ² ${after} with the spreads, ${before} with the errors of the means`);
    await copiedPython(page, view, /ROOT's\serror\soption\s"s"/);
    // TProfile's y limits (ylow, yup): the muons whose energy is outside [0, 100] are not filled at all.
    await page.locator('.tab', { hasText: 'uproot-HZZ.root' }).click();
    assert.ok(await view.locator('#yLow').isEnabled(), "a profile's y range is its y limits");
    await view.locator('#yLow').fill('0');
    await view.locator('#yHigh').fill('100');
    await view.locator('#draw').click();
    const limited = reference.profile_Muon_E_Muon_Pz_limited;
    await until(async () => ((await statistics(view)).Entries === String(limited.entries) ? true : undefined), `Entries ${limited.entries} with the y limits`, 20_000);
    assert.equal((await statistics(view))['Mean y'], Number(limited.mean_y.toPrecision(6)).toString());
    await copiedPython(page, view, /YMIN,\sYMAX\s=\s0,\s100/);
    // Back without limits for the overlays below (which choose the errors of the means, and so draw again).
    await page.locator('.tab', { hasText: 'uproot-HZZ.root' }).click();
    await view.locator('#yLow').fill('');
    await view.locator('#yHigh').fill('');
  });

  it('overlays the profile of positive muons on that of negative ones, and compares their means by χ²', async () => {
    const { page } = workbench();
    await page.locator('.tab', { hasText: 'uproot-HZZ.root' }).click();
    const view = await webviewFrame(page, 'uproot-HZZ.root');
    await view.locator('#elementCut').fill('Muon_Charge > 0');
    // Back to the errors of the means: the choice redraws at once, here with the cut.
    await view.locator('#profileErrors').selectOption('mean');
    await view.locator('#histogram .u-title', { hasText: 'Muon_Charge > 0' }).waitFor();
    await view.locator('#pin').click();
    await view.locator('#overlays .overlay', { hasText: 'Muon_Charge > 0' }).waitFor();
    await view.locator('#elementCut').fill('Muon_Charge < 0');
    await view.locator('#draw').click();
    await view.locator('#histogram .u-title', { hasText: 'Muon_Charge < 0' }).waitFor();
    // Both drawn, in the legend; a profile is never normalised.
    await view.locator('#histogram .u-legend', { hasText: 'Muon_Charge > 0' }).waitFor();
    assert.ok(await view.locator('#normalise').isDisabled());
    // The χ² of the means' differences over both errors (bins where both have one), from the reference's profiles of each charge.
    const [plus, minus] = [reference.profile_Muon_E_Muon_Pz_plus, reference.profile_Muon_E_Muon_Pz_minus];
    assert.equal(plus.entries + minus.entries, reference.profile_Muon_E_Muon_Pz.entries);
    let chi2 = 0;
    let ndf = 0;
    for (let i = 1; i <= 20; i++) {
      if (!(plus.errors[i] > 0) || !(minus.errors[i] > 0)) continue;
      chi2 += (plus.means[i] - minus.means[i]) ** 2 / (plus.errors[i] ** 2 + minus.errors[i] ** 2);
      ndf++;
    }
    const chip = view.locator('#overlays .overlay', { hasText: 'Muon_Charge > 0' }).locator('.comparison');
    await chip.filter({ hasText: /^means χ² p = / }).waitFor();
    const shown = Number((await chip.innerText()).replace('means χ² p = ', ''));
    assert.equal(shown, Number(chiSquareProbability(chi2, ndf).toPrecision(2)), `χ² ${chi2} / ${ndf}`);
    await view.locator('#histogram').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: screenshotPath('data-explorer-profile-overlay.png') });
  });

  it("divides the negative muons' Pz by the positive ones' under the overlay (a ratio panel), and saves it in the SVG", async () => {
    const { page } = workbench();
    await page.locator('.tab', { hasText: 'uproot-HZZ.root' }).click();
    const view = await webviewFrame(page, 'uproot-HZZ.root');
    await view.locator('#removeFit').click();
    await view.locator('#removeFit').waitFor({ state: 'hidden' });
    await view.locator('#profile').uncheck();
    await view.locator('#yExpression').fill('');
    await view.locator('#elementCut').fill('Muon_Charge > 0');
    await view.locator('#draw').click();
    await view.locator('#histogram .u-title', { hasText: /^Muon_Pz \{Muon_Charge > 0\}$/ }).waitFor();
    await view.locator('#pin').click();
    await view.locator('#overlays .overlay', { hasText: /: Muon_Pz \{Muon_Charge > 0\}/ }).waitFor();
    await view.locator('#elementCut').fill('Muon_Charge < 0');
    await view.locator('#draw').click();
    await view.locator('#histogram .u-title', { hasText: /^Muon_Pz \{Muon_Charge < 0\}$/ }).waitFor();
    await view.locator('#ratio').check();
    // A point in every bin the positive muons fill (the profiles' entries per bin are these histograms' counts).
    const plus = reference.profile_Muon_E_Muon_Pz_plus.bin_entries.slice(1, -1);
    const filled = plus.filter((n) => n > 0).length;
    assert.ok(filled > 15);
    await view.locator(`#ratio-panel[data-points="${filled}"] canvas`).first().waitFor();
    await view.locator('#histogram').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: screenshotPath('data-explorer-ratio.png') });
    const svg = await saveAsProposed(page, view, '#saveSvg', workbench().workspace, 'uproot-HZZ-Muon_Pz.svg');
    const panel = /<g class="ratio"[^>]*>(.*?)<\/g>/.exec(svg);
    assert.ok(panel, 'the SVG has the ratio panel');
    assert.equal((panel[1].match(/<circle /g) ?? []).length, filled);
    assert.match(svg, />ratio<\/text>/);
  });
});

interface ProfileReference {
  entries: number;
  bin_entries: number[];
  means: number[];
  errors: number[];
  spreads: number[];
  mean_x: number;
  mean_y: number;
  std_dev_y: number;
}
