// Which URLs a catalog may hold: links are http(s), plus file: for a hub read from a local file;
// downloads are http(s) only. Everything else (schemes that run or inject something) is refused.
import * as assert from 'node:assert/strict';
import { isHttpUrl, isHubLink } from './hubUrls';

const REFUSED = ['data:text/html,<script>x</script>', 'vscode:extension/x.y', 'vscode-insiders://x', 'command:workbench.action.terminal.new', 'javascript:alert(1)', 'ftp://e.org/x', 'http://', 'not a url', '/etc/passwd', ''];

describe('hub URLs', () => {
  it('accepts http(s) with a host everywhere, in any case', () => {
    for (const url of ['https://zenodo.org/record/6619768', 'http://127.0.0.1:8080/w.pt', 'HTTPS://GitHub.com/x']) {
      assert.ok(isHttpUrl(url), url);
      assert.ok(isHubLink(url, false), url);
      assert.ok(isHubLink(url, true), url);
    }
  });

  it('accepts file: links only from a local hub, and never as a download', () => {
    assert.ok(isHubLink('file:///cvmfs/lab/paper.pdf', true));
    assert.ok(!isHubLink('file:///cvmfs/lab/paper.pdf', false));
    assert.ok(!isHttpUrl('file:///cvmfs/lab/w.pt'));
  });

  it('refuses every other scheme, and text that is not a URL', () => {
    for (const url of REFUSED) {
      assert.ok(!isHubLink(url, true), url);
      assert.ok(!isHttpUrl(url), url);
    }
  });
});
