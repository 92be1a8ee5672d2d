// Which URLs a hub catalog may hold. Catalog text is untrusted: a link opens with VS Code's
// `vscode.open` and a download is fetched by the extension, so a scheme such as `data:`,
// `vscode:`, `command:` or `javascript:` would let any hub run or inject something. Links are
// http(s), plus file: for a hub whose catalog is itself a local file (a lab's shared folder);
// downloads are http(s) only, as the downloader speaks only HTTP.
export function isHubLink(url: string, local: boolean): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  return isHttp(parsed) || (local && parsed.protocol === 'file:');
}

/** An http(s) URL with a host. */
export function isHttpUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== undefined && isHttp(parsed);
}

function isHttp(url: URL): boolean {
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
