// The errors of a hub download, as the user reads them: what happened and what to do. Shared by the
// download itself (download.ts) and the look at sizes before it starts (downloadPlan.ts), which meet
// the same HTTP answers.
import { ActionableError } from '../errors';
import { messageOf, msg } from '../text/message';

export type DownloadErrorKind = 'cancelled' | 'checksum' | 'http' | 'html' | 'io' | 'network' | 'space' | 'size';

export class DownloadError extends ActionableError<DownloadErrorKind> {}

/** True when the status means "try again later", false when retrying cannot help. */
function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** An HTTP error status as the user reads it; `final` (not retried) unless the status says "try again later". */
export function httpError(url: string, status: number): DownloadError {
  const error = new DownloadError('http', msg('{0} answered HTTP {1}.', url, status), retryable(status) ? msg('The server has a problem; try again later.') : msg('Check the URL in the hub catalog, or whether you need to log in.'));
  return retryable(status) ? error : Object.assign(error, { final: true });
}

/** A link that answers with a web page (a login page, a moved file) instead of the file: final. */
export function webPageError(url: string): DownloadError {
  return Object.assign(new DownloadError('html', msg('{0} returned a web page instead of the file.', url), msg('The link may need a login or may have moved; open it in a browser to see.')), { final: true });
}

/** The server could not be reached (offline, DNS, proxy) or dropped the connection, after every attempt. */
export function networkError(url: string, attempts: number, cause: unknown): DownloadError {
  return new DownloadError('network', msg('Downloading {0} failed after {1} attempts: {2}.', url, attempts, messageOf(cause)), msg('Check the network (and the proxy setting), then download again: it continues where it stopped.'), { cause });
}
