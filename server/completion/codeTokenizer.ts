// The model's tokenizer, loaded from tokenizer.json with @huggingface/tokenizers (a maintained
// implementation of the Hugging Face tokenizers; never a hand-written BPE).
import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { ModelLoadError } from './modelErrors';
import { msg } from '../../core/text/message';
import { escapeRegExp } from '../../core/text/escapeRegExp';

export class CodeTokenizer {
  private readonly specialIds: ReadonlySet<number>;
  /** Matches the text of any added token, longest first. */
  private readonly specialText: RegExp | undefined;
  private texts: string[] | undefined;

  /** The id put first in every prompt, for tokenizers configured to add one (DeepSeek, CodeLlama). */
  readonly bosId: number | undefined;

  private constructor(
    private readonly tokenizer: Tokenizer,
    config: { add_bos_token?: unknown; bos_token?: unknown },
  ) {
    const added = tokenizer.get_added_tokens_decoder();
    // Control tokens: the special ones and every other added token of more than one character
    // (Qwen's <|fim_prefix|> and <|file_sep|> are "special": false). DeepSeek-Coder also adds single
    // characters ("õ", "ü", … at 32000–32012): those are text.
    this.specialIds = new Set([...added].filter(([, t]) => t.special || [...t.content].length > 1).map(([id]) => id));
    const contents = [...added.values()].map((t) => t.content).filter((c) => [...c].length > 1);
    contents.sort((a, b) => b.length - a.length);
    this.specialText = contents.length
      ? new RegExp(contents.map(escapeRegExp).join('|'), 'g')
      : undefined;
    const bos = typeof config.bos_token === 'string' ? config.bos_token : (config.bos_token as { content?: unknown } | null | undefined)?.content;
    this.bosId = config.add_bos_token === true && typeof bos === 'string' ? tokenizer.token_to_id(bos) : undefined;
  }

  static load(tokenizerFile: string, configFile: string | undefined): CodeTokenizer {
    const read = (file: string): object => {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as object;
      } catch (err) {
        throw new ModelLoadError('model', msg('{0} could not be read as JSON: {1}.', file, (err as Error).message), msg('Re-export the tokenizer with the model.'), { cause: err });
      }
    };
    const json = read(tokenizerFile);
    const config: Record<string, unknown> = configFile ? (read(configFile) as Record<string, unknown>) : {};
    try {
      return new CodeTokenizer(new Tokenizer(json, config), config);
    } catch (err) {
      throw new ModelLoadError('model', msg('{0} is not a tokenizer this version understands: {1}.', tokenizerFile, (err as Error).message), msg('Re-export tokenizer.json with a current transformers or tokenizers release.'), { cause: err });
    }
  }

  /**
   * Token ids of `text`, without BOS/EOS or other post-processing: prompts are assembled by us. Text
   * that spells a special token (a file that mentions "<fim_middle>" or "<|endoftext|>") is encoded
   * as ordinary text, so that user code can never inject the model's control tokens.
   */
  encode(text: string): number[] {
    const plain = (t: string): number[] => (t ? this.tokenizer.encode(t, { add_special_tokens: false }).ids : []);
    if (!this.specialText) return plain(text);
    const ids: number[] = [];
    // Appended one by one: push(...ids) of a long text's ids overflows the call stack (RangeError).
    const add = (more: readonly number[]): void => {
      for (const id of more) ids.push(id);
    };
    let last = 0;
    for (const m of text.matchAll(this.specialText)) {
      add(plain(text.slice(last, m.index)));
      // Encoded in two pieces, neither of which is the special token.
      add(plain(m[0].slice(0, -1)));
      add(plain(m[0].slice(-1)));
      last = m.index + m[0].length;
    }
    add(plain(text.slice(last)));
    return ids;
  }

  decode(ids: readonly number[]): string {
    return this.tokenizer.decode([...ids], { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  }

  /**
   * Whether encoding text in two pieces, cut where a line's last visible character meets its line
   * break, gives the same ids as encoding it whole. True for byte-level BPE (GPT-2 style
   * pre-tokenizers never join a word and a line break); checked on samples, not assumed.
   */
  splitsAtLineEnds(): boolean {
    const samples = ['x = 1\n    y = 2\n', 'def f(a):\n\treturn a  \n\nz', 'foo()\n\n\n    bar', '中文\n  é\n'];
    return samples.every((text) => {
      const cut = lineEndCut(text, text.length);
      return cut === 0 || same(this.encode(text), [...this.encode(text.slice(0, cut)), ...this.encode(text.slice(cut))]);
    });
  }

  /** The id of a single token such as "<fim_prefix>", if the vocabulary has it. */
  tokenId(token: string): number | undefined {
    return this.tokenizer.token_to_id(token);
  }

  /**
   * The text of every token id below `vocabSize`, decoded alone (special tokens as ''), built once:
   * token healing looks for the tokens that begin with the text it backed up over.
   */
  tokenTexts(vocabSize: number): readonly string[] {
    if (!this.texts || this.texts.length !== vocabSize) {
      // Models pad the embedding beyond the tokenizer's vocabulary; those ids have no text.
      const text = (id: number): string => {
        try {
          return this.specialIds.has(id) ? '' : this.decode([id]);
        } catch {
          return '';
        }
      };
      this.texts = Array.from({ length: vocabSize }, (_, id) => text(id));
    }
    return this.texts;
  }

  /** Control tokens (EOS, FIM markers, file separators, …): generation stops when it produces one. */
  isSpecial(id: number): boolean {
    return this.specialIds.has(id);
  }
}

/**
 * The last index before `end` where a visible character is followed by a line break ("\n", or the
 * "\r" of "\r\n"), or 0: text before it ends a line whose tokens do not change while the user types
 * after it. (Without the "\r" case, every line of a Windows file looked blank-ended, the cut was 0,
 * and the whole window was tokenized again at each keystroke.)
 */
export function lineEndCut(text: string, end: number): number {
  const lineBreakAt = (lf: number): number => (lf > 0 && text[lf - 1] === '\r' ? lf - 1 : lf);
  let i = text.lastIndexOf('\n', end - 1);
  while (i > 0 && /\s/.test(text[lineBreakAt(i) - 1] ?? '')) i = text.lastIndexOf('\n', i - 1);
  return i > 0 && lineBreakAt(i) > 0 ? lineBreakAt(i) : 0;
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
