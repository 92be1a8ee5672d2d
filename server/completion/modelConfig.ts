// Reads the decoder's shape from config.json, in the spellings of the model families users bring
// (Llama/Qwen2 style and GPT-2/BigCode style).
import { readFileSync } from 'node:fs';
import { ModelLoadError } from './modelErrors';
import { LocalizedError, messageOf, msg } from '../../core/text/message';

export interface DecoderConfig {
  readonly modelType: string;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly numKvHeads: number;
  readonly headDim: number;
  readonly vocabSize: number;
  readonly maxPositions: number | undefined;
  readonly eosTokenIds: readonly number[];
  /** The FIM order the model was trained for, when its config.json says (`fim_order`: "psm" | "spm"). */
  readonly fimOrder: 'psm' | 'spm' | undefined;
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

export function parseDecoderConfig(text: string, file: string): DecoderConfig {
  let raw: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new LocalizedError(msg('not a JSON object'));
    raw = parsed as Record<string, unknown>;
  } catch (err) {
    throw new ModelLoadError('model', msg('{0} is not valid JSON: {1}.', file, messageOf(err)), msg('Re-export the model or restore config.json.'), { cause: err });
  }
  const numLayers = positiveInt(raw.num_hidden_layers) ?? positiveInt(raw.n_layer);
  const numHeads = positiveInt(raw.num_attention_heads) ?? positiveInt(raw.n_head);
  const hidden = positiveInt(raw.hidden_size) ?? positiveInt(raw.n_embd);
  const vocabSize = positiveInt(raw.vocab_size);
  if (!numLayers || !numHeads || !vocabSize || (!hidden && !positiveInt(raw.head_dim))) {
    throw new ModelLoadError(
      'model',
      msg('{0} lacks the decoder\'s shape (num_hidden_layers, num_attention_heads, hidden_size, vocab_size).', file),
      msg('Use the config.json that was exported with the model.'),
    );
  }
  const numKvHeads = positiveInt(raw.num_key_value_heads) ?? (raw.multi_query === true ? 1 : numHeads);
  const headDim = positiveInt(raw.head_dim) ?? Math.floor(hidden! / numHeads);
  const eos = raw.eos_token_id;
  const eosTokenIds = Array.isArray(eos) ? eos.filter((e): e is number => positiveInt(e) !== undefined || e === 0) : typeof eos === 'number' ? [eos] : [];
  return {
    modelType: typeof raw.model_type === 'string' ? raw.model_type : 'unknown',
    numLayers,
    numHeads,
    numKvHeads,
    headDim,
    vocabSize,
    maxPositions: positiveInt(raw.max_position_embeddings) ?? positiveInt(raw.n_positions),
    eosTokenIds,
    fimOrder: raw.fim_order === 'spm' || raw.fim_order === 'psm' ? raw.fim_order : undefined,
  };
}

export function readDecoderConfig(file: string): DecoderConfig {
  return parseDecoderConfig(readFileSync(file, 'utf8'), file);
}
