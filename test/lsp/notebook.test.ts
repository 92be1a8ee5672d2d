// Protocol tier: a notebook synced as a notebook (LSP 3.17 notebookDocument/*). A completion in a
// cell sees the notebook's code cells as one module: it must answer what it answers in the .py file
// made of the cells joined by a blank line, at the same cursor, and follow edits in any cell.
import * as assert from 'node:assert/strict';
import {
  DidChangeNotebookDocumentNotification,
  DidOpenNotebookDocumentNotification,
  DidOpenTextDocumentNotification,
  type InitializeResult,
  InlineCompletionRequest,
  NotebookCellKind,
  type Position,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { ServerStatusRequest } from '../../core/protocol/serverStatus';
import { JET_TAGGER_CELL } from '../support/jetTaggerCell';
import { startStdioServer } from '../support/stdioServer';
import { TINY_MODEL } from '../support/tinyModel';

// With the tiny model's random weights the answer to `model = JetT` depends on every token before it:
// alone it differs from the answer with this cell above it (checked below, so that the comparison means something).
const CELL1 = JET_TAGGER_CELL;
const CELL2 = 'model = JetT';
const CELL3 = 'loss = nn.CrossEntropyLoss()\n';

const NOTEBOOK = 'file:///work/tagger.ipynb';
const cellUri = (id: string) => `vscode-notebook-cell:/work/tagger.ipynb#${id}`;

function endOf(text: string): Position {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

describe('notebooks synced as notebooks over LSP (tiny test model)', function () {
  this.timeout(60_000);
  let conn: ProtocolConnection;
  let stop: (() => void) | undefined;
  let init: InitializeResult;
  let opened = 0;

  before(async () => {
    const server = await startStdioServer({ modelPath: TINY_MODEL, maxTokens: 8, threads: 1 });
    ({ conn, stop } = server);
    init = server.initialized;
    await server.statusChanged;
    assert.equal((await conn.sendRequest(ServerStatusRequest)).completionModel.state, 'loaded');
  });
  after(() => stop?.());

  async function ask(uri: string, position: Position): Promise<string[]> {
    const result = await conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: 2 } });
    assert.ok(result && 'items' in result);
    return result.items.map((item) => String(item.insertText));
  }

  /** The answer at the end of `text` in a .py file of its own (each call a fresh document and cache). */
  async function askFile(text: string): Promise<string[]> {
    const uri = `file:///work/reference${++opened}.py`;
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
    return ask(uri, endOf(text));
  }

  it('declares notebook sync for Python cells', () => {
    assert.deepEqual(init.capabilities.notebookDocumentSync, { notebookSelector: [{ notebook: '*', cells: [{ language: 'python' }] }] });
  });

  it('completes a cell with the code cells above it as the prefix, and follows edits in the cells', async () => {
    // A markdown cell between the two is left out (the client does not send its text).
    await conn.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: {
        uri: NOTEBOOK,
        notebookType: 'jupyter-notebook',
        version: 1,
        cells: [
          { kind: NotebookCellKind.Code, document: cellUri('c1') },
          { kind: NotebookCellKind.Markup, document: cellUri('md') },
          { kind: NotebookCellKind.Code, document: cellUri('c2') },
        ],
      },
      cellTextDocuments: [
        { uri: cellUri('c1'), languageId: 'python', version: 1, text: CELL1 },
        { uri: cellUri('c2'), languageId: 'python', version: 1, text: CELL2 },
      ],
    });
    const inNotebook = await ask(cellUri('c2'), endOf(CELL2));
    const withCell1 = await askFile(`${CELL1}\n\n${CELL2}`);
    const alone = await askFile(CELL2);
    assert.notDeepEqual(withCell1, alone, 'the inputs must be ones where cell 1 changes the answer');
    assert.deepEqual(inNotebook, withCell1, 'the prompt saw cell 1');

    // Typing in cell 2, editing cell 1, and a new code cell below (the suffix), in one change each.
    const typed = `${CELL2}a`;
    await conn.sendNotification(DidChangeNotebookDocumentNotification.type, {
      notebookDocument: { uri: NOTEBOOK, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cellUri('c2'), version: 2 }, changes: [{ range: { start: endOf(CELL2), end: endOf(CELL2) }, text: 'a' }] }] } },
    });
    // The cache is the notebook's: a keystroke prefills what was typed, not the whole window again.
    const before = (await conn.sendRequest(ServerStatusRequest)).completionCounters!;
    const afterTyping = await ask(cellUri('c2'), endOf(typed));
    const prefilled = (await conn.sendRequest(ServerStatusRequest)).completionCounters!.prefillTokens - before.prefillTokens;
    assert.ok(prefilled <= 3, `a keystroke in the cell prefilled ${prefilled} tokens`);
    assert.deepEqual(afterTyping, await askFile(`${CELL1}\n\n${typed}`));

    const renamed = CELL1.replace('JetTaggerNet', 'JetTransformer');
    await conn.sendNotification(DidChangeNotebookDocumentNotification.type, {
      notebookDocument: { uri: NOTEBOOK, version: 3 },
      change: {
        cells: {
          textContent: [
            {
              document: { uri: cellUri('c1'), version: 2 },
              changes: [{ range: { start: { line: 3, character: 6 }, end: { line: 3, character: 6 + 'JetTaggerNet'.length } }, text: 'JetTransformer' }],
            },
          ],
          structure: {
            array: { start: 3, deleteCount: 0, cells: [{ kind: NotebookCellKind.Code, document: cellUri('c3') }] },
            didOpen: [{ uri: cellUri('c3'), languageId: 'python', version: 1, text: CELL3 }],
          },
        },
      },
    });
    const afterEdits = await ask(cellUri('c2'), endOf(typed));
    assert.deepEqual(afterEdits, await askFileAt(`${renamed}\n\n${typed}`, CELL3));
  });

  /** The answer at the end of `before` in a .py file whose text goes on with a blank line and `after`. */
  async function askFileAt(before: string, after: string): Promise<string[]> {
    const uri = `file:///work/reference${++opened}.py`;
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: `${before}\n\n${after}` } });
    return ask(uri, endOf(before));
  }
});
