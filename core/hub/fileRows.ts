// How the Hub view names the files of an entry. A sidebar of ~300 px shows about 30 characters of a
// row's label, and the files of a dataset often differ only at the end of a long name
// ("JetClass_Pythia_train_100M_part0.tar" … "part9.tar"): every row would read the same. So when
// an entry's file names are long and share a beginning, each row is labelled from the word where
// they start to differ ("train_100M_part0.tar", "val_5M.tar"), and the full name goes last in the
// description (and in the tooltip). Short names, or names with no long common beginning, stay as
// they are.
import { formatBytes } from '../text/formatting';
import type { HubTarget } from './hubTargets';

/** Names up to this length fit a row beside their description: left as they are. */
export const LONG_FILE_NAME = 24;
/** A common beginning shorter than this is not worth leaving out. */
const MIN_COMMON = 6;
/** Where a word of a file name ends ("." too would split "x.tar" from "x.tar.md5" at the extension). */
const WORD_END = new Set(['_', '-', ' ']);

/**
 * The row labels of one entry's file names, in their order: the names themselves, or, when the
 * longest is over LONG_FILE_NAME characters and they all share a beginning of MIN_COMMON or more
 * ending at a word ("_", "-" or a space), each name without that beginning. Distinct names give
 * distinct labels.
 */
export function fileLabels(names: readonly string[]): string[] {
  if (names.length < 2 || Math.max(...names.map((n) => n.length)) <= LONG_FILE_NAME) return [...names];
  let common = names[0].length;
  for (const name of names) {
    let i = 0;
    while (i < common && i < name.length && name[i] === names[0][i]) i++;
    common = i;
  }
  let cut = common;
  while (cut > 0 && !WORD_END.has(names[0][cut - 1])) cut--;
  if (cut < MIN_COMMON) return [...names];
  const labels = names.map((n) => n.slice(cut));
  // Each label must still say something (not only separators or nothing at all).
  return labels.every((l) => /[\p{L}\p{N}]/u.test(l)) ? labels : [...names];
}

/** The files listed beside `target` in the view: a model's weights or a dataset's files. */
const siblings = (target: HubTarget) => (target.owner.kind === 'model' ? (target.owner.entry.weights ?? []) : target.owner.entry.files);

/** The label of a file's row (`fileLabels` over the files of its entry). */
export function fileRowLabel(target: HubTarget): string {
  const files = siblings(target);
  const i = files.indexOf(target.file);
  return i < 0 ? target.file.name : fileLabels(files.map((f) => f.name))[i];
}

/**
 * The description of a file's row: size, split or feature set, `state` (downloaded, extracted…, as
 * the view words it), checksum kind, and last the full file name when the label leaves part of it out.
 */
export function fileRowDescription(target: HubTarget, state: string): string {
  const { file } = target;
  const checksum = file.sha256 ? 'sha256' : file.md5 ? 'md5' : '';
  const shortened = fileRowLabel(target) !== file.name;
  return [file.size !== undefined ? formatBytes(file.size) : '', file.split ?? file.featureSet ?? '', state, checksum, shortened ? file.name : ''].filter(Boolean).join(' · ');
}
