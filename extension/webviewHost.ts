// The one host for the extension's webview panels: VS Code glue only. It opens a WebviewPanel with
// the strict CSP page of webviewHtml.ts, scripts only from dist/webviews, and hands it to PanelHost
// (webviewPanels.ts), which holds the lifetime rule and the message checking in code that Node
// tests can run. A new panel (the data explorer, the annotation editor) copies a panel's use of it.
import * as vscode from 'vscode';
import { type HostedPanel, PanelHost, type PanelOptions, type PanelPort } from './webviewPanels';
import { webviewHtml } from './webviewHtml';

/** What VS Code needs to open a panel and write its page. */
export interface PanelPage {
  /** The panel's view type, e.g. "hai.metrics". */
  readonly viewType: string;
  readonly title: string;
  /** Inline CSS, allowed by the nonce. */
  readonly css: string;
  /** Script file name under dist/webviews/. */
  readonly script: string;
  /** Stylesheets under dist/webviews/ (a library's CSS bundled beside the script). */
  readonly stylesheets?: readonly string[];
  /** The body's markup, escaped by the caller; called again whenever the page is rebuilt. */
  readonly body: () => string;
  /**
   * Keeps the page alive while its tab is hidden. Only for pages that would lose what the user did
   * there (the metrics' charts and ticked runs): it costs memory for as long as the panel is open.
   */
  readonly retainContextWhenHidden?: boolean;
}

export class WebviewHost extends PanelHost<PanelPage> {
  constructor(
    private readonly extensionUri: vscode.Uri,
    output: vscode.LogOutputChannel,
  ) {
    super((page) => openPanel(extensionUri, page), output);
  }

  /**
   * Hosts a panel VS Code created (a custom editor's) with the same page rules: its webview gets the
   * same options as a panel this host opens (scripts only from dist/webviews).
   */
  adopt<Requests, Updates>(panel: vscode.WebviewPanel, options: PanelOptions<Requests, Updates> & PanelPage): HostedPanel<Updates> {
    const scriptsRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webviews');
    panel.webview.options = { enableScripts: true, localResourceRoots: [scriptsRoot] };
    return this.attach(options, portOf(panel, scriptsRoot, options));
  }
}

function openPanel(extensionUri: vscode.Uri, page: PanelPage): PanelPort {
  const scriptsRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'webviews');
  const panel = vscode.window.createWebviewPanel(page.viewType, page.title, vscode.ViewColumn.Active, {
    enableScripts: true,
    // The page loads only its own bundle; nothing from the workspace or the rest of the extension.
    localResourceRoots: [scriptsRoot],
    retainContextWhenHidden: page.retainContextWhenHidden ?? false,
  });
  return portOf(panel, scriptsRoot, page);
}

function portOf(panel: vscode.WebviewPanel, scriptsRoot: vscode.Uri, page: PanelPage): PanelPort {
  return {
    postMessage: (message) => panel.webview.postMessage(message),
    onDidReceiveMessage: (listener) => panel.webview.onDidReceiveMessage(listener),
    onDidDispose: (listener) => panel.onDidDispose(listener),
    reveal: () => panel.reveal(),
    render: () => {
      panel.webview.html = webviewHtml(panel.webview, scriptsRoot, {
        title: page.title,
        css: page.css,
        script: page.script,
        stylesheets: page.stylesheets,
        body: page.body(),
      });
    },
    dispose: () => panel.dispose(),
  };
}
