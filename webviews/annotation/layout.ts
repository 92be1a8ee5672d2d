// The annotation page's elements, made once and placed in #app in the order they stand: toolbar,
// banners (error, what the format does not keep, an assist at work), the stage with its canvas, the
// status line and the help panel. Kept apart from what fills them so that every module of the page
// reaches the same elements; the ids outside the toolbar (toolbar.ts) are set here.
import { messenger } from './state';
import { buildControls, el } from './toolbar';

export const controls = buildControls();
// The image's name (and frame) at the head of the toolbar: which image this tab labels.
export const title = el('h1');
title.id = 'title';
controls.bar.prepend(title);
export const stage = el('div');
stage.id = 'stage';
export const canvas = el('canvas');
canvas.id = 'canvas';
canvas.tabIndex = 0;
stage.append(canvas);
const statusLine = el('div');
statusLine.id = 'status';
export const cursorText = el('span');
export const summaryText = el('span');
export const fileText = el('span', undefined, 'muted');
statusLine.append(cursorText, summaryText, fileText);
export const errorBox = el('div');
errorBox.id = 'error';
errorBox.hidden = true;
// What the label format does not keep, said before any save writes it (and all along while true).
export const notKeptBox = el('div');
notKeptBox.id = 'notKept';
notKeptBox.hidden = true;
export const notKeptText = el('span');
export const notKeptButton = el('button', undefined, 'small');
notKeptButton.type = 'button';
notKeptButton.addEventListener('click', () => messenger.send({ type: 'chooseFormat' }));
notKeptBox.append(notKeptText, notKeptButton);
export const busyBox = el('div');
busyBox.id = 'busy';
busyBox.hidden = true;
export const busyText = el('span');
export const busyCancel = el('button', undefined, 'small');
busyCancel.type = 'button';
busyCancel.addEventListener('click', () => messenger.send({ type: 'cancelAssist' }));
busyBox.append(busyText, busyCancel);
export const helpPanel = el('div');
helpPanel.id = 'helpPanel';
helpPanel.hidden = true;
document.getElementById('app')!.append(controls.bar, errorBox, notKeptBox, busyBox, stage, statusLine, helpPanel);
export const ctx = canvas.getContext('2d')!;
