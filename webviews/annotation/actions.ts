// The editor's commands on the page: what a keybinding (sent by the host as an action) or a toolbar
// button asks for — view, selection, classes, suggestions, the display window, assists, folder and
// page navigation, help. One switch, so that a key and its button do the same thing.
import type { AnnotationAction } from '../../core/protocol/annotationMessages';
import { applyAutoWindow, fitView, schedule } from './frameView';
import { cancelGesture, chooseClass, needClass } from './gestures';
import { controls } from './layout';
import { messenger, state, view } from './state';
import { toggleHelp, updateSummary } from './statusView';

export function act(action: AnnotationAction): void {
  const suggestions = state.shapes.filter((s) => s.score !== undefined).map((s) => s.id);
  switch (action) {
    case 'fit':
      fitView();
      break;
    case 'zoomIn':
    case 'zoomOut':
      view.zoomAt(action === 'zoomIn' ? 1.5 : 1 / 1.5, state.cssWidth / 2, state.cssHeight / 2);
      state.viewMoved = true;
      break;
    case 'actualSize':
      view.actualSize(state.cssWidth, state.cssHeight);
      state.viewMoved = true;
      break;
    case 'delete':
      if (state.selected.size) {
        const ids = [...state.selected];
        state.shapes = state.shapes.filter((s) => !state.selected.has(s.id));
        state.selected = new Set();
        messenger.send({ type: 'deleteShapes', ids });
      }
      break;
    case 'selectAll':
      state.selected = new Set(state.shapes.map((s) => s.id));
      break;
    case 'cancel':
      cancelGesture();
      break;
    case 'nextClass':
    case 'previousClass': {
      const { classes } = state.labels;
      const n = classes.length;
      if (n) chooseClass(classes[(classes.indexOf(state.currentClass) + (action === 'nextClass' ? 1 : n - 1)) % n]);
      break;
    }
    case 'acceptAll':
      if (suggestions.length) messenger.send({ type: 'acceptSuggestions', ids: suggestions });
      break;
    case 'rejectAll':
      if (suggestions.length) messenger.send({ type: 'rejectSuggestions', ids: suggestions });
      break;
    case 'autoWindow':
      applyAutoWindow();
      break;
    case 'help':
      toggleHelp();
      break;
    case 'prelabel':
      messenger.send({ type: 'prelabel' });
      break;
    case 'findSpots':
      if (!needClass()) messenger.send({ type: 'findSpots', label: state.currentClass });
      break;
  }
  updateSummary();
  schedule();
}

/** The suggestions the page's own buttons act on: the selected ones, or all when none is selected. */
function chosenSuggestions(): string[] {
  return state.shapes.filter((s) => s.score !== undefined && (state.selected.size === 0 || state.selected.has(s.id))).map((s) => s.id);
}

// Accepting or rejecting the selected suggestions from the page's own buttons.
controls.acceptAll.addEventListener('click', () => {
  const ids = chosenSuggestions();
  if (ids.length) messenger.send({ type: 'acceptSuggestions', ids });
});
controls.rejectAll.addEventListener('click', () => {
  const ids = chosenSuggestions();
  if (ids.length) messenger.send({ type: 'rejectSuggestions', ids });
});
controls.prelabel.addEventListener('click', () => messenger.send({ type: 'prelabel' }));
controls.spots.addEventListener('click', () => {
  if (!needClass()) messenger.send({ type: 'findSpots', label: state.currentClass });
});
controls.previous.addEventListener('click', () => messenger.send({ type: 'navigate', delta: -1 }));
controls.next.addEventListener('click', () => messenger.send({ type: 'navigate', delta: 1 }));
controls.page.addEventListener('change', () => {
  const page = Math.round(Number(controls.page.value)) - 1;
  const { frame } = state;
  if (frame && page >= 0 && page < frame.pages && page !== frame.page) messenger.send({ type: 'page', page });
});
controls.auto.addEventListener('click', () => act('autoWindow'));
controls.help.addEventListener('click', () => act('help'));
