// Loads the snippets shipped in snippets/ (one JSON file each), validates every file against
// snippets/snippet.schema.json with Ajv and checks that its body parses as VS Code snippet syntax.
// A bad file is reported and left out; the others still load.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import type { Snippet } from '../../core/snippets/snippet';
import { parseSnippet } from '../../core/snippets/snippetSyntax';

export interface SnippetCatalog {
  readonly snippets: readonly Snippet[];
  /** One line per file that was left out: the file and what is wrong with it. */
  readonly errors: readonly string[];
}

export function loadSnippets(dir: string): SnippetCatalog {
  const errors: string[] = [];
  let schema: object;
  try {
    schema = JSON.parse(readFileSync(path.join(dir, 'snippet.schema.json'), 'utf8')) as object;
  } catch (err) {
    return { snippets: [], errors: [`${path.join(dir, 'snippet.schema.json')}: ${(err as Error).message}`] };
  }
  const validate = new Ajv({ allErrors: true, strict: false }).compile<Snippet>(schema);
  const snippets: Snippet[] = [];
  const seen = new Set<string>();
  for (const language of ['python', 'yaml']) {
    let files: string[];
    try {
      files = readdirSync(path.join(dir, language)).filter((f) => f.endsWith('.json')).sort();
    } catch {
      continue;
    }
    for (const name of files) {
      const file = path.join(dir, language, name);
      try {
        const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
        if (!validate(data)) {
          errors.push(`${file}: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
          continue;
        }
        if (data.language !== language) throw new Error(`language "${data.language}" but it is in ${language}/`);
        if (`${data.id}.json` !== name) throw new Error(`id "${data.id}" does not match the file name`);
        if (seen.has(data.prefix)) throw new Error(`prefix "${data.prefix}" is used twice`);
        parseSnippet(data.body.join('\n'));
        seen.add(data.prefix);
        snippets.push(data);
      } catch (err) {
        errors.push(`${file}: ${(err as Error).message}`);
      }
    }
  }
  return { snippets, errors };
}
