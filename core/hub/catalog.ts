// Hub catalogs (core/hub/catalog.schema.json, version 1): parsed and validated with Ajv entry by
// entry, so that one bad entry, or one bad hub, never hides the rest. Merged across hubs; every
// entry keeps the name of the hub it came from.
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from './catalog.schema.json';
import { english, joinMessages, type Message, type MessageArg, msg } from '../text/message';
import { isHttpUrl, isHubLink } from './hubUrls';
import { schemaProblem } from '../schemaProblems';

export interface HubFile {
  readonly name: string;
  /** The folder of the entry the file goes in (one level: `onnx` of a model in the Optimum layout). */
  readonly folder?: string;
  readonly url: string;
  readonly size?: number;
  readonly md5?: string;
  readonly sha256?: string;
  readonly split?: string;
  readonly featureSet?: string;
  readonly description?: string;
}

export interface HubSource {
  readonly url: string;
  readonly for: string;
}

export interface HubModel {
  readonly id: string;
  readonly name: string;
  readonly task: 'jet-tagging' | 'detection' | 'segmentation' | 'classification' | 'code-completion';
  readonly description: string;
  readonly paper?: { readonly title: string; readonly arxiv?: string; readonly doi?: string };
  readonly code?: string;
  readonly licence?: string;
  readonly featureSets?: readonly { readonly name: string; readonly description: string; readonly dataConfig?: string }[];
  readonly configs?: readonly { readonly name: string; readonly kind: 'network' | 'data' | 'training'; readonly url: string }[];
  readonly weights?: readonly HubFile[];
  /** A code model for inline completion: its weights form a model folder (Optimum layout). */
  readonly completion?: { readonly fim: 'qwen' | 'deepseek' | 'starcoder' | 'codellama' | 'none'; readonly parameters?: number; readonly contextLength?: number; readonly kvHeads?: string };
  readonly results?: readonly { readonly dataset: string; readonly metric: string; readonly value: number; readonly featureSet?: string; readonly source: string }[];
  readonly recipe?: { readonly framework: 'weaver'; readonly dataset: string; readonly args: readonly string[]; readonly source: string };
  readonly sources: readonly HubSource[];
}

export interface HubDataset {
  readonly id: string;
  readonly name: string;
  readonly version?: string;
  readonly description: string;
  readonly record?: { readonly zenodo?: string; readonly doi?: string; readonly url?: string };
  readonly licence?: string;
  readonly size?: number;
  readonly format: 'root' | 'hdf5' | 'parquet' | 'npz';
  readonly archive?: 'tar' | 'tar.gz' | 'zip';
  readonly files: readonly HubFile[];
  readonly splits?: readonly { readonly name: string; readonly count?: number; readonly unit?: string }[];
  readonly features?: readonly string[];
  readonly labels?: readonly string[];
  readonly sources: readonly HubSource[];
}

/**
 * An entry with the hub it came from; `alsoIn` names the other hubs with an entry of the same id
 * (set by mergeCatalogs), whose files are other files: their downloads go to folders of their own.
 */
export type FromHub<T> = T & { readonly hub: string; readonly alsoIn?: readonly string[] };

/** The name of the catalog shipped with the extension: its id in download folders and job records, never translated. */
export const BUILT_IN_HUB = 'HAI built-in';

/** A hub's name as the user reads it: the built-in one's in the user's language, any other as its catalog names it. */
export function hubDisplayName(hub: string): Message | string {
  return hub === BUILT_IN_HUB ? msg('HAI built-in') : hub;
}

export interface CatalogProblem {
  /** The hub (its name, or its URL/path when the catalog could not be read). */
  readonly hub: string;
  /** The entry, when the problem is one entry's. */
  readonly entry?: string;
  /** What is wrong, in English (for the output channel); `text` is the same, to show translated. */
  readonly message: string;
  readonly text: Message;
}

function catalogProblem(hub: string, text: Message, entry?: string): CatalogProblem {
  return { hub, ...(entry === undefined ? {} : { entry }), message: english(text), text };
}


export interface Catalog {
  readonly models: readonly FromHub<HubModel>[];
  readonly datasets: readonly FromHub<HubDataset>[];
  readonly problems: readonly CatalogProblem[];
}

export interface ParseOptions {
  /** The catalog was read from a local file: its links may point to local files (file: URLs). */
  readonly local?: boolean;
}

interface Validators {
  readonly top: ValidateFunction;
  readonly model: ValidateFunction;
  readonly dataset: ValidateFunction;
}
const validators: { local?: Validators; remote?: Validators } = {};

/**
 * Compiled on first use, not when the module loads: compiling takes ~100 ms, and loading is
 * activation. Local and remote hubs differ only in the `hub-link` format, so each kind is compiled
 * once, and the local kind only when a local hub is configured.
 */
function catalogValidators(local: boolean): Validators {
  const kind = local ? 'local' : 'remote';
  const cached = validators[kind];
  if (cached) return cached;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('hub-link', (url: string) => isHubLink(url, local));
  ajv.addFormat('http-url', isHttpUrl);
  ajv.addSchema(schema);
  const compiled: Validators = {
    top: ajv.compile(schema),
    model: ajv.getSchema(`${schema.$id}#/definitions/model`)!,
    dataset: ajv.getSchema(`${schema.$id}#/definitions/dataset`)!,
  };
  validators[kind] = compiled;
  return compiled;
}

/** Ajv's messages, with our URL formats and file-name rules said in words a catalog author can act on. */
function describe(errors: readonly ErrorObject[] | null | undefined, local: boolean): MessageArg {
  // Ajv's own messages are its English words (an argument); ours are translated.
  const message = (e: ErrorObject): MessageArg => {
    if (e.schemaPath.startsWith('#/definitions/fileName/')) {
      // The schema's `not` and patterns would otherwise read "must NOT be valid" and a regular expression.
      if (e.keyword === 'not') return msg('is a name HAI uses for its own files beside the downloads: a file name must not start with ".hai-" or end in ".part", ".part.json" or ".part.lock" (in any case)');
      // The backslash is an argument: the l10n test reads templates as written, escapes and all.
      if (e.keyword === 'pattern') return msg('must be a single file name: no "/" or "{0}", not "." or ".."', '\\');
    }
    if (e.keyword !== 'format') return schemaProblem(e);
    if (e.params.format === 'hub-link') return local ? msg('must be an http(s) or file: URL') : msg('must be an http(s) URL (file: only in a catalog read from a local file)');
    if (e.params.format === 'http-url') return msg('must be an http(s) URL (files are downloaded over HTTP)');
    return String(e.message);
  };
  return joinMessages((errors ?? []).map((e) => msg('{0} {1}', e.instancePath || msg('(entry)'), message(e))));
}

/** One hub's catalog from its text; `label` names the hub in problems until its own name is known. */
export function parseCatalog(text: string, label: string, options: ParseOptions = {}): Catalog {
  const local = options.local ?? false;
  const problem = (text: Message): Catalog => ({ models: [], datasets: [], problems: [catalogProblem(label, text)] });
  if (/^\s*</.test(text)) return problem(msg('The hub returned a web page, not a catalog (a login page or a wrong URL?).'));
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return problem(msg('The catalog is not valid JSON: {0}.', (err as Error).message));
  }
  const validate = catalogValidators(local);
  if (!validate.top(data)) return problem(msg('The catalog is not a version-1 HAI hub catalog: {0}.', describe(validate.top.errors, local)));
  const top = data as { name: string; models?: unknown[]; datasets?: unknown[] };
  const hub = top.name;
  const problems: CatalogProblem[] = [];
  // The sentences of each kind are written out whole, so that a translation need not bend "model" into them.
  const take = <T extends { id: string }>(items: unknown[] | undefined, check: ValidateFunction, kind: 'model' | 'dataset'): FromHub<T>[] => {
    const out: FromHub<T>[] = [];
    const seen = new Set<string>();
    (items ?? []).forEach((item, i) => {
      const id = typeof item === 'object' && item && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : `${kind} #${i + 1}`;
      if (!check(item)) {
        const why = describe(check.errors, local);
        problems.push(catalogProblem(hub, kind === 'model' ? msg('This model entry is invalid and was left out: {0}.', why) : msg('This dataset entry is invalid and was left out: {0}.', why), id));
      } else if (seen.has(id)) {
        problems.push(catalogProblem(hub, kind === 'model' ? msg('A second model with the id "{0}" was left out.', id) : msg('A second dataset with the id "{0}" was left out.', id), id));
      } else {
        seen.add(id);
        out.push({ ...(item as T), hub });
      }
    });
    return out;
  };
  return {
    models: take<HubModel>(top.models, validate.model, 'model'),
    datasets: take<HubDataset>(top.datasets, validate.dataset, 'dataset'),
    problems,
  };
}

/**
 * All hubs together: entries of every hub (an id may appear once per hub, each marked with the other
 * hubs that have it), problems of all. Two hubs of the same name with the same id would share one
 * download folder, so the later entry is left out and said.
 */
export function mergeCatalogs(catalogs: readonly Catalog[]): Catalog {
  const problems = catalogs.flatMap((c) => c.problems);
  const merge = <T extends { id: string }>(lists: readonly (readonly FromHub<T>[])[], kind: 'model' | 'dataset'): FromHub<T>[] => {
    const hubsOf = new Map<string, string[]>();
    const kept = lists.flat().filter((e) => {
      const hubs = hubsOf.get(e.id) ?? [];
      if (hubs.includes(e.hub)) {
        problems.push(
          catalogProblem(
            e.hub,
            kind === 'model'
              ? msg('Two hubs are named "{0}" and both have a model "{1}"; the second was left out, as both would download to the same folder. Give one of the two catalogs another "name".', e.hub, e.id)
              : msg('Two hubs are named "{0}" and both have a dataset "{1}"; the second was left out, as both would download to the same folder. Give one of the two catalogs another "name".', e.hub, e.id),
            e.id,
          ),
        );
        return false;
      }
      hubsOf.set(e.id, [...hubs, e.hub]);
      return true;
    });
    return kept.map((e) => {
      const others = hubsOf.get(e.id)!.filter((h) => h !== e.hub);
      return others.length ? { ...e, alsoIn: others } : e;
    });
  };
  return {
    models: merge(catalogs.map((c) => c.models), 'model'),
    datasets: merge(catalogs.map((c) => c.datasets), 'dataset'),
    problems,
  };
}

/**
 * Where a model's weight file is on this machine, if anywhere: `~/.hai/weights/<model>/<file>` (the
 * HAI platform's convention) or `<folder>/<model>/<file>` for each configured folder.
 */
export function findLocalWeight(modelId: string, fileName: string, folders: readonly string[] = [], home = os.homedir()): string | undefined {
  const candidates = [path.join(home, '.hai', 'weights', modelId, fileName), ...folders.map((f) => path.join(f, modelId, fileName))];
  return candidates.find((p) => existsSync(p));
}
