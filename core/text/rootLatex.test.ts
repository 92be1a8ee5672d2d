// Titles written in ROOT's TLatex, as the page shows them: Greek letters, symbols and small digits in
// Unicode, what plain text cannot show left as typed.
import * as assert from 'node:assert/strict';
import { rootLatexText } from './rootLatex';

describe('ROOT TLatex titles as text', () => {
  it('writes Greek letters and symbols as their characters', () => {
    assert.equal(rootLatexText('#sigma_{E}/E'), 'σ_{E}/E');
    assert.equal(rootLatexText('m_{#mu#mu} [GeV]'), 'm_{μμ} [GeV]');
    assert.equal(rootLatexText('#DeltaR(j, #gamma)'), 'ΔR(j, γ)');
    assert.equal(rootLatexText('#eta #times #phi, #chi^{2}/ndf #pm 1'), 'η × φ, χ²/ndf ± 1');
    assert.equal(rootLatexText('#Upsilon(1S) #rightarrow #mu^{+}#mu^{-}'), 'Υ(1S) → μ⁺μ⁻');
    assert.equal(rootLatexText('#varepsilon, #theta, #tau, #omega, #Omega, #psi'), 'ε, θ, τ, ω, Ω, ψ');
  });

  it('writes roots, bars and digits in sub- and superscripts, and drops style wrappers', () => {
    assert.equal(rootLatexText('#sqrt{s} = 13 TeV, L = 139 fb^{-1}'), '√s = 13 TeV, L = 139 fb⁻¹');
    assert.equal(rootLatexText('#bar{p}p, E_{0}, #it{p}_{T}, #color[2]{red}, #bf{ATLAS}'), 'p̅p, E₀, p_{T}, red, ATLAS');
    assert.equal(rootLatexText('#frac{1}{N} dN/dp_{T}'), '1/N dN/dp_{T}');
  });

  it('leaves what is not TLatex as it is', () => {
    for (const t of ['p_{T} [GeV]', 'E_{T}^{miss}', 'a # b', '#unknown', 'Jet_Px', '']) assert.equal(rootLatexText(t), t);
  });
});
