import * as assert from 'node:assert/strict';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { ActionableError, reportError } from '../errors';
import { english, errorText, isMessage, joinMessages, LocalizedError, type Message, msg, tidyChineseSpacing } from './message';

// A translator as the extension's, with a two-entry "bundle", so that what is translated shows.
const bundle: Record<string, string> = { '{0} is not a ROOT file.': '{0} 不是 ROOT 文件。', 'Open it again.': '请重新打开。', 'line {0}': '第 {0} 行' };
const zh = (m: Message): string =>
  (bundle[m.template] ?? m.template).replace(/\{(\d+)\}/g, (w, i: string) => {
    const a = m.args[Number(i)];
    return a === undefined ? w : typeof a === 'object' ? zh(a) : String(a);
  });

describe('translatable messages', () => {
  it('reads in English with its arguments filled in, nested messages too', () => {
    assert.equal(english(msg('{0} is not a ROOT file.', 'a.root')), 'a.root is not a ROOT file.');
    assert.equal(english(msg('{0}: {1}', 'x', msg('line {0}', 3))), 'x: line 3');
    assert.equal(english(msg('{0} and {2}', 'a')), 'a and {2}');
  });

  it('gives an error its English message and keeps the message to translate', () => {
    const err = new LocalizedError(msg('{0} is not a ROOT file.', 'a.root'));
    assert.equal(err.message, 'a.root is not a ROOT file.');
    assert.equal(errorText(err, zh), 'a.root 不是 ROOT 文件。');
    assert.equal(errorText(new Error('plain'), zh), 'plain');
    assert.equal(errorText('thrown text', zh), 'thrown text');
  });

  it('survives a trip through postMessage, as a worker’s error does', () => {
    const { port1, port2 } = new MessageChannel();
    const err = new LocalizedError(msg('{0} is not a ROOT file.', 'b.root'));
    port1.postMessage({ name: err.name, message: err.message, text: err.text });
    const copy = receiveMessageOnPort(port2)?.message as object;
    port1.close();
    assert.equal(errorText(copy, zh), 'b.root 不是 ROOT 文件。');
  });

  it('translates an actionable error’s notice, message and hint, and logs the English too', () => {
    const err = new ActionableError('io', msg('{0} is not a ROOT file.', 'c.root'), msg('Open it again.'));
    assert.equal(err.message, 'c.root is not a ROOT file.');
    assert.equal(err.hint, 'Open it again.');
    assert.equal(reportError(err, zh).notice, 'c.root 不是 ROOT 文件。 请重新打开。');
    assert.equal(reportError(err).notice, 'c.root is not a ROOT file. Open it again.');
    assert.equal(reportError(err, zh).log, 'c.root 不是 ROOT 文件。 请重新打开。\nActionableError (io): c.root is not a ROOT file. Open it again.');
    assert.equal(reportError(err).log, 'ActionableError (io): c.root is not a ROOT file. Open it again.');
    const plain = reportError(new LocalizedError(msg('{0} is not a ROOT file.', 'd.root')), zh);
    assert.equal(plain.notice, 'd.root 不是 ROOT 文件。');
    assert.match(plain.log, /^d\.root 不是 ROOT 文件。\nError: d\.root is not a ROOT file\./);
  });
});

describe('messages read back from files and other processes', () => {
  it('are taken only whole and shallow: a hand-edited or hostile one is shown as its plain text', () => {
    assert.equal(errorText(Object.assign(new Error('plain'), { text: { template: 'x {0}', args: [{ not: 'a message' }] } }), zh), 'plain');
    let deep: Message = msg('line {0}', 1);
    for (let i = 0; i < 10_000; i++) deep = msg('{0}', deep);
    const err = Object.assign(new Error('kept as written'), { text: deep });
    assert.equal(errorText(err, zh), 'kept as written');
    assert.equal(errorText(Object.assign(new Error('fine'), { text: msg('{0}: {1}', 'a', msg('line {0}', 2)) }), zh), 'a: 第 2 行');
  });
});

describe('a list of messages', () => {
  it('reads as every part, however many, and stays a message that can be translated', () => {
    const parts = Array.from({ length: 20 }, (_, i) => msg('line {0}', i + 1));
    const list = joinMessages(parts);
    assert.ok(isMessage(list), 'a list of 20 is still taken as a message');
    const twelve = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('; ');
    assert.equal(english(list), `${twelve}; and 8 more`);
    assert.equal(errorText(new LocalizedError(msg('The spec is not valid: {0}.', list)), zh), `The spec is not valid: ${Array.from({ length: 12 }, (_, i) => `第 ${i + 1} 行`).join('; ')}; and 8 more.`);
    assert.equal(english(joinMessages(parts.slice(0, 3))), 'line 1; line 2; line 3');
    assert.equal(joinMessages([]), '');
  });
});

describe('Chinese text joined from English sentences', () => {
  it('drops the space after 。 before Chinese, and keeps it before a path, a name or English', () => {
    assert.equal(tidyChineseSpacing('文件可能已截断或损坏。 请重新下载。'), '文件可能已截断或损坏。请重新下载。');
    assert.equal(tidyChineseSpacing('无法读取。 “a.root”已损坏；  （详见输出）'), '无法读取。“a.root”已损坏；（详见输出）');
    assert.equal(tidyChineseSpacing('已停止。 /tmp/a.root 不存在'), '已停止。 /tmp/a.root 不存在');
    assert.equal(tidyChineseSpacing('It stopped. Open it again.'), 'It stopped. Open it again.');
  });
});
