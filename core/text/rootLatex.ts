// ROOT's TLatex in titles ("#sigma_{E}/E", "p_{T} [GeV]", "m_{#mu#mu}", "#sqrt{s} = 13 TeV") as plain
// text for the page, its PNG and its SVG: the Greek letters and symbols as their Unicode characters,
// digits and signs in sub- and superscripts as Unicode's small ones (c^{2} → c²), #sqrt and #bar as √
// and an overbar, and the style wrappers (#it, #bf, #color, #font) left out around their text. What
// plain text cannot show (p_{T}: there is no subscript capital T) stays as typed, which reads as ROOT
// users write it. The CSV and Python keep the title as stored.

const GREEK = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'omicron', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega'];

const SYMBOLS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(GREEK.flatMap((name, i) => [
    [name, String.fromCodePoint(0x3b1 + i + (i >= 17 ? 1 : 0))],
    [name[0].toUpperCase() + name.slice(1), String.fromCodePoint(0x391 + i + (i >= 17 ? 1 : 0))],
  ])),
  varepsilon: 'ε', vartheta: 'ϑ', varphi: 'φ', varsigma: 'ς', varpi: 'ϖ', varomega: 'ϖ', varUpsilon: 'ϒ',
  pm: '±', mp: '∓', times: '×', cdot: '·', div: '÷', leq: '≤', geq: '≥', neq: '≠', approx: '≈', sim: '∼',
  simeq: '≃', equiv: '≡', propto: '∝', infty: '∞', ll: '≪', gg: '≫', partial: '∂', nabla: '∇', ell: 'ℓ',
  hbar: 'ℏ', perp: '⊥', parallel: '∥', int: '∫', sum: '∑', prod: '∏', in: '∈', notin: '∉', subset: '⊂',
  cup: '∪', cap: '∩', wedge: '∧', vee: '∨', dagger: '†', bullet: '•', circ: '°', degree: '°',
  rightarrow: '→', leftarrow: '←', leftrightarrow: '↔', Rightarrow: '⇒', Leftarrow: '⇐', uparrow: '↑',
  downarrow: '↓', to: '→', aleph: 'ℵ', angstrom: 'Å',
};
// Longest first: #varepsilon before #vee, #theta before #tau.
const NAMES = Object.keys(SYMBOLS).sort((a, b) => b.length - a.length);

const SUB: Readonly<Record<string, string>> = { '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '-': '₋', '=': '₌', '(': '₍', ')': '₎' };
const SUP: Readonly<Record<string, string>> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '-': '⁻', '=': '⁼', '(': '⁽', ')': '⁾' };

/**
 * ROOT's "title;x title;y title" (TH1::SetTitle, TGraph::SetTitle) as its three parts, empty where
 * absent; anything but text (a forged file) as no title.
 */
export function rootTitleParts(title: unknown): [string, string, string] {
  const [main = '', x = '', y = ''] = typeof title === 'string' ? title.split(';') : [];
  return [main, x, y];
}

export function rootLatexText(title: string): string {
  if (!title.includes('#') && !/[_^]\{/.test(title)) return title;
  let text = title
    // Wrappers that only style their text.
    .replace(/#(?:it|bf|mathrm|mathbf|mathit)\{([^{}]*)\}/g, '$1')
    .replace(/#(?:color|font)\[[^\]]*\]\{([^{}]*)\}/g, '$1')
    .replace(/#frac\{([^{}]*)\}\{([^{}]*)\}/g, '$1/$2')
    .replace(/#splitline\{([^{}]*)\}\{([^{}]*)\}/g, '$1 $2');
  text = text.replace(/#([A-Za-z]+)/g, (whole, letters: string) => {
    const name = NAMES.find((n) => letters.startsWith(n));
    return name ? SYMBOLS[name] + letters.slice(name.length) : whole;
  });
  return text
    .replace(/#sqrt\{([^{}]*)\}/g, '√$1')
    .replace(/#bar\{([^{}]*)\}/g, (_, t: string) => [...t].map((c) => `${c}\u0305`).join(''))
    .replace(/_\{([^{}]*)\}/g, (whole, t: string) => small(t, SUB) ?? whole)
    .replace(/\^\{([^{}]*)\}/g, (whole, t: string) => small(t, SUP) ?? whole);
}

/** The text in Unicode's small digits and signs, or undefined when a character has none. */
function small(text: string, map: Readonly<Record<string, string>>): string | undefined {
  const chars = [...text];
  return chars.length > 0 && chars.every((c) => map[c]) ? chars.map((c) => map[c]).join('') : undefined;
}
