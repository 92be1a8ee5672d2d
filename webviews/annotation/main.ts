// The annotation editor page: the frame through a display window, the labels over it, the tools to
// draw and edit them. The host (extension/annotation/) owns the labels, their undo stack and the
// files; the page sends each finished gesture as one edit and draws what the host sends back.
// This module is the wiring: the host's messages to the modules that act on them, then `ready`. The
// elements are made in layout.ts, the shared state lives in state.ts; frameView.ts draws, gestures.ts
// edits, actions.ts runs the commands, statusView.ts says what is going on.
import { ANNOTATION_UPDATE_NAMES, type AnnotationUpdates } from '../../core/protocol/annotationMessages';
import { messageGuard } from '../../core/protocol/webviewProtocol';
import { act } from './actions';
import { schedule, showFrame } from './frameView';
import { chooseClass, fillClasses, setTool } from './gestures';
import { controls } from './layout';
import { messenger, state } from './state';
import { labelStatusView, showBusy, showError, updateSummary } from './statusView';
import { labelControls } from './toolbar';

messenger.listen(messageGuard<AnnotationUpdates>(ANNOTATION_UPDATE_NAMES), (m) => {
  switch (m.type) {
    case 'init':
      state.words = m.words;
      state.keys = m.keys;
      labelControls(controls, state.words);
      labelStatusView();
      setTool(state.tool);
      break;
    case 'frame':
      showFrame(m);
      break;
    case 'labels':
      state.labels = m;
      state.shapes = [...m.shapes];
      state.selected = new Set([...state.selected].filter((id) => state.shapes.some((s) => s.id === id)));
      fillClasses();
      updateSummary();
      schedule();
      break;
    case 'tool':
      setTool(m.tool);
      break;
    case 'action':
      act(m.action);
      break;
    case 'pickClass':
      if (state.labels.classes[m.index] !== undefined) chooseClass(state.labels.classes[m.index]);
      break;
    case 'busy':
      showBusy(m.text);
      break;
    case 'error':
      showError(m.message);
      break;
  }
});

messenger.send({ type: 'ready' });
