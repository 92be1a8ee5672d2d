import * as assert from 'node:assert/strict';
import { DEMO_FOLDER_NAME, freeDemoFolderName } from './walkthrough';

describe('the demo folder name', () => {
  it('is hai-demo in a folder without one', () => {
    assert.equal(freeDemoFolderName(new Set(['projects', 'hai-demo.txt'])), DEMO_FOLDER_NAME);
  });

  it('never reuses a name that exists: a second copy goes beside the first', () => {
    assert.equal(freeDemoFolderName(new Set(['hai-demo'])), 'hai-demo-2');
    assert.equal(freeDemoFolderName(new Set(['hai-demo', 'hai-demo-2', 'hai-demo-3'])), 'hai-demo-4');
    assert.equal(freeDemoFolderName(new Set(['hai-demo', 'hai-demo-3'])), 'hai-demo-2');
  });
});
