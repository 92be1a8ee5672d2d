// Builds the HTML shell of a webview: a strict Content-Security-Policy with a fresh nonce, one
// bundled script from dist/webviews, and text escaped before it goes into markup.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface WebviewShell {
  readonly title: string;
  /** Markup of the body, already escaped by the caller. */
  readonly body: string;
  /** Inline CSS, allowed by the nonce. */
  readonly css: string;
  /** Script file name under dist/webviews/. */
  readonly script: string;
  /** Stylesheets under dist/webviews/ (a library's CSS bundled beside the script). */
  readonly stylesheets?: readonly string[];
}

export function webviewHtml(webview: vscode.Webview, scriptsRoot: vscode.Uri, shell: WebviewShell): string {
  const nonce = randomBytes(16).toString('base64');
  const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(scriptsRoot, shell.script));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(shell.title)}</title>
${(shell.stylesheets ?? []).map((s) => `<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(scriptsRoot, s)).toString()}">`).join('\n')}
<style nonce="${nonce}">${shell.css}</style>
</head>
<body>
${shell.body}
<script type="module" nonce="${nonce}" src="${scriptUri.toString()}"></script>
</body>
</html>`;
}
