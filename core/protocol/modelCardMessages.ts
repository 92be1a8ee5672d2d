// Messages from the model-card webview (webviews/modelCard/) to its host. The host validates every
// one with parseModelCardRequest: a webview is untrusted input like any other.

export type ModelCardRequest =
  | { readonly type: 'download'; readonly file: string }
  | { readonly type: 'copyLoadCode'; readonly file: string }
  | { readonly type: 'copyRecipe' };

/** The request, or undefined when the message is not exactly one of them (file names are plain names). */
export function parseModelCardRequest(raw: unknown): ModelCardRequest | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  const keys = Object.keys(m).sort().join(',');
  if (m.type === 'copyRecipe' && keys === 'type') return { type: 'copyRecipe' };
  if ((m.type === 'download' || m.type === 'copyLoadCode') && keys === 'file,type') {
    const file = m.file;
    if (typeof file === 'string' && file.length > 0 && file.length < 256 && !/[\\/]/.test(file) && file !== '.' && file !== '..') return { type: m.type, file };
  }
  return undefined;
}
