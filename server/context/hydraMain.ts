// A Hydra application's entry point, `@hydra.main(config_path="conf", config_name="config")` on a
// function whose first parameter Hydra hands the composed config: read from the tree (which names
// hold the config, argparseReader.ts) and from the text alone (which config files to read in idle
// time, workspaceContext.ts). Only literal keyword arguments count: anything else is not read.
import type { Node } from 'web-tree-sitter';
import { callArguments, literal } from './argparseOptions';

/** Where an application's config is: `config_path` as written (relative to the script's folder), and `config_name`. */
export interface HydraMain {
  readonly configPath: string;
  readonly configName: string;
}

/** The key a config is kept under. */
export const hydraKey = (main: HydraMain): string => `${main.configPath}\n${main.configName}`;

/** Whether the document imports Hydra's `main` by that name (`from hydra import main`). */
export const importsHydraMain = (source: string): boolean => /^\s*from\s+hydra\s+import\s+[^\n]*\bmain\b(?!\s+as\b)/m.test(source);

/** The config of a decorator's expression `@hydra.main(…)` (or `@main(…)` where imported so), if it names one literally. */
function decoratorConfig(expression: Node | null | undefined, mainImported: boolean): HydraMain | undefined {
  if (expression?.type !== 'call') return undefined;
  const callee = expression.childForFieldName('function')?.text.replace(/\s+/g, '');
  if (callee !== 'hydra.main' && !(callee === 'main' && mainImported)) return undefined;
  const args = callArguments(expression);
  if (!args || args.positional.length > 0) return undefined;
  const configPath = literal(args.keywords.get('config_path'));
  const configName = literal(args.keywords.get('config_name'));
  return configPath !== undefined && configName ? { configPath, configName } : undefined;
}

/**
 * The config Hydra hands `def`, where its innermost decorator is `@hydra.main(…)` naming one literally
 * (a decorator between it and the def could change what the function gets; those above wrap Hydra's).
 */
export function hydraMainOf(def: Node, mainImported: boolean): HydraMain | undefined {
  const holder = def.parent;
  if (holder?.type !== 'decorated_definition') return undefined;
  const decorators = holder.namedChildren.filter((c) => c?.type === 'decorator');
  const configs = decorators.map((d) => decoratorConfig(d!.namedChildren[0], mainImported));
  return configs.filter(Boolean).length === 1 ? configs[configs.length - 1] : undefined;
}

/** The configs the text's `@hydra.main(…)` decorators name, read from the text alone (for reading their files ahead). */
export function hydraMainsInText(source: string): HydraMain[] {
  const found = new Map<string, HydraMain>();
  const mainImported = importsHydraMain(source);
  for (const m of source.matchAll(/^[ \t]*@[ \t]*(hydra[ \t]*\.[ \t]*)?main[ \t]*\(([^()]*)\)/gm)) {
    if (!m[1] && !mainImported) continue;
    const value = (key: string): string | undefined => new RegExp(`\\b${key}\\s*=\\s*[rRuU]?(["'])([^"'\\\\\\n{}]*)\\1`).exec(m[2])?.[2];
    const configPath = value('config_path');
    const configName = value('config_name');
    if (configPath !== undefined && configName) found.set(hydraKey({ configPath, configName }), { configPath, configName });
  }
  return [...found.values()];
}
