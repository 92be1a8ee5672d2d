// A model folder given to a bench as DIR or as git:REV (models/code-model as committed at REV, e.g.
// git:HEAD before a re-export), described once: its ONNX file, size and config.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readDecoderConfig, type DecoderConfig } from '../server/completion/modelConfig';
import { findModelFiles } from '../server/completion/modelFiles';
import { ROOT } from '../scripts/paths';

export interface BenchModel {
  readonly label: string;
  /** As the JSON names it: the folder relative to the repository, or git:REV. */
  readonly dir: string;
  /** Where its files are now (a temporary copy for git:REV). */
  readonly path: string;
  readonly onnx: string;
  readonly bytes: number;
  readonly config: DecoderConfig;
  readonly tokenizer: string;
  readonly tokenizerConfig: string | undefined;
}

/** models/code-model as committed at `rev`, copied out of git into `tmp`. */
function modelAtRevision(rev: string, tmp: string): string {
  // The revision is resolved to a commit first, so that it can never be read as an option or a path.
  let commit: string;
  try {
    commit = execFileSync('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`git:${rev}: not a commit of this repository (try git:HEAD~1 or a commit hash)`);
  }
  const dir = path.join(tmp, `model-${commit.slice(0, 12)}`);
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_int8.onnx']) {
    const content = execFileSync('git', ['show', `${commit}:models/code-model/${file}`], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** The model `spec` names (a folder, or git:REV copied into `tmp`), labelled `label`. */
export function benchModel(label: string, spec: string, tmp: string): BenchModel {
  const fromGit = spec.startsWith('git:');
  const dir = fromGit ? modelAtRevision(spec.slice(4), tmp) : path.resolve(spec);
  const files = findModelFiles(dir, 'auto');
  return {
    label,
    dir: fromGit ? spec : path.relative(ROOT, dir) || dir,
    path: dir,
    onnx: files.onnx,
    bytes: statSync(files.onnx).size,
    config: readDecoderConfig(files.config),
    tokenizer: files.tokenizer,
    tokenizerConfig: files.tokenizerConfig,
  };
}
