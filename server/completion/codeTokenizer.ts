// The model's tokenizer, loaded from tokenizer.json with @huggingface/tokenizers (a maintained
// implementation of the Hugging Face tokenizers; never a hand-written BPE).
import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { ModelLoadError } from './modelErrors';

export class CodeTokenizer {
  private readonly specialIds: ReadonlySet<number>;
  private texts: string[] | undefined;

  private constructor(private readonly tokenizer: Tokenizer) {
    this.specialIds = new Set(tokenizer.get_added_tokens_decoder().keys());
  }

  static load(tokenizerFile: string, configFile: string | undefined): CodeTokenizer {
    const read = (file: string): object => {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as object;
      } catch (err) {
        throw new ModelLoadError(`${file} could not be read as JSON: ${(err as Error).message}.`, 'Re-export the tokenizer with the model.', { cause: err });
      }
    };
    const json = read(tokenizerFile);
    const config = configFile ? read(configFile) : {};
    try {
      return new CodeTokenizer(new Tokenizer(json, config));
    } catch (err) {
      throw new ModelLoadError(`${tokenizerFile} is not a tokenizer this version understands: ${(err as Error).message}.`, 'Re-export tokenizer.json with a current transformers or tokenizers release.', { cause: err });
    }
  }

  /** Token ids of `text`, without BOS/EOS or other post-processing: prompts are assembled by us. */
  encode(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  decode(ids: readonly number[]): string {
    return this.tokenizer.decode([...ids], { skip_special_tokens: false, clean_up_tokenization_spaces: false });
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

  /** Added/special tokens (EOS, FIM markers, …): generation stops when it produces one. */
  isSpecial(id: number): boolean {
    return this.specialIds.has(id);
  }
}
