// Histograms stored in a ROOT file (TH1*, TH2*, TProfile) as plain data, from the objects jsroot
// streams: axes (variable bin edges kept), contents with under- and overflow, sums of squared weights
// (the contents when ROOT kept none) and ROOT's own moment sums, from which its statistics box follows.
// A TProfile gives the mean of each bin (content / entries) and its error, as ROOT draws it (with the
// error option it was saved with).
import { MAX_BINS } from '../histogram';
import { RootError } from './rootError';
import { msg } from '../../text/message';
import { profileBins } from '../profile';
import { PROFILE_ERRORS, type ProfileErrors } from '../../protocol/dataExplorerMessages';

export interface StoredAxis {
  readonly bins: number;
  readonly low: number;
  readonly high: number;
  readonly title: string;
  /** Variable bins: the bins + 1 edges. */
  readonly edges?: readonly number[];
}

export interface StoredHistogram {
  readonly name: string;
  readonly className: string;
  readonly title: string;
  readonly kind: '1d' | '2d';
  readonly x: StoredAxis;
  readonly y?: StoredAxis;
  /** 1-D: [underflow, bins…, overflow]; 2-D: (x.bins + 2) × (y.bins + 2), x fastest. */
  readonly sumw: readonly number[];
  readonly sumw2: readonly number[];
  readonly entries: number;
  readonly tsumw: number;
  readonly tsumwx: number;
  readonly tsumwx2: number;
  readonly tsumwy: number;
  readonly tsumwy2: number;
  /** A TProfile's Σw per bin (ROOT's bin entries): sumw then holds the means, sumw2 their errors squared. */
  readonly binEntries?: readonly number[];
  /** A TProfile's error option, as it was saved (SetErrorOption): its errors are given so. */
  readonly profileErrors?: ProfileErrors;
}

interface JsAxis {
  fNbins: number;
  fXmin: number;
  fXmax: number;
  fTitle?: string;
  fXbins?: ArrayLike<number>;
}
export interface JsHistogram {
  _typename: string;
  fTitle?: string;
  fXaxis: JsAxis;
  fYaxis: JsAxis;
  fArray: ArrayLike<number>;
  fSumw2?: ArrayLike<number>;
  fBinEntries?: ArrayLike<number>;
  /** A TProfile's Σw² per bin, when it was filled with weights. */
  fBinSumw2?: ArrayLike<number>;
  /** A TProfile's EErrorType: 0 "", 1 "s", 2 "i", 3 "g". */
  fErrorMode?: number;
  fEntries: number;
  fTsumw: number;
  fTsumwx: number;
  fTsumwx2: number;
  fTsumwy?: number;
  fTsumwy2?: number;
}

/** The plain data of a stored histogram object; anything but a 1-D or 2-D histogram is refused. */
export function storedHistogramOf(name: string, h: JsHistogram): StoredHistogram {
  // Whole names only: the class name goes into the copied Python's first comment.
  const kind = /^TH2[CSIFD]?$/.test(h._typename) ? '2d' : /^(TH1[CSIFD]?|TProfile)$/.test(h._typename) ? '1d' : undefined;
  if (!kind) throw new RootError(msg('"{0}" is a {1}: only histograms, profiles and graphs are drawn.', name, h._typename));
  const axis = (a: JsAxis) => ({ bins: a.fNbins, low: a.fXmin, high: a.fXmax, title: a.fTitle ?? '', ...(a.fXbins?.length ? { edges: Array.from(a.fXbins) } : {}) });
  // The bins the axes say are the contents' (with under- and overflow): a forged axis would size the drawing, not the data.
  const nx = h.fXaxis.fNbins;
  const ny = kind === '2d' ? h.fYaxis.fNbins : 0;
  const cells = (nx + 2) * (kind === '2d' ? ny + 2 : 1);
  if (![nx, ...(kind === '2d' ? [ny] : [])].every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_BINS) || h.fArray.length !== cells) {
    throw new RootError(msg('"{0}" says it has {1} bins but holds {2} contents: it is damaged, or has more bins than the explorer draws ({3} an axis).', name, kind === '2d' ? `${nx} × ${ny}` : nx, h.fArray.length, MAX_BINS));
  }
  let contents = Array.from(h.fArray);
  let sumw2 = h.fSumw2?.length === contents.length ? Array.from(h.fSumw2) : contents.map((v) => Math.abs(v));
  let binEntries: number[] | undefined;
  let profileErrors: ProfileErrors | undefined;
  if (h._typename === 'TProfile' && h.fBinEntries?.length === contents.length) {
    // A profile holds Σw·y (fArray), Σw·y² (fSumw2) and Σw (fBinEntries) per bin (and Σw² when filled
    // with weights): the mean is drawn, with its error as ROOT's default gives it (profile.ts).
    const w = Array.from(h.fBinEntries);
    const w2 = h.fBinSumw2?.length === contents.length ? h.fBinSumw2 : w;
    // An error mode this reader does not know is drawn as ROOT's default.
    profileErrors = PROFILE_ERRORS[h.fErrorMode ?? 0] ?? 'mean';
    const bins = profileBins(w, w2, contents, sumw2, profileErrors);
    contents = bins.means;
    sumw2 = bins.errors2;
    binEntries = w;
  }
  return {
    name,
    className: h._typename,
    title: h.fTitle ?? '',
    kind,
    x: axis(h.fXaxis),
    // A profile's y axis has no bins, but its title says what was averaged.
    y: kind === '2d' || binEntries ? axis(h.fYaxis) : undefined,
    sumw: contents,
    sumw2,
    entries: h.fEntries,
    tsumw: h.fTsumw,
    tsumwx: h.fTsumwx,
    tsumwx2: h.fTsumwx2,
    tsumwy: h.fTsumwy ?? 0,
    tsumwy2: h.fTsumwy2 ?? 0,
    ...(binEntries ? { binEntries, profileErrors } : {}),
  };
}
