// The annotation editor page's look and words: CSS in VS Code's theme colours, and every text the page
// shows, translated here (vscode.l10n) and sent once, since a webview has no l10n of its own, with
// the titles of the editor's keybindings for its help panel.
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/protocol/commands';

export const annotationCss = `
[hidden] { display: none !important; }
html, body { height: 100%; margin: 0; overflow: hidden; }
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); font-size: var(--vscode-font-size, 13px); }
#app { display: flex; flex-direction: column; height: 100vh; }
#toolbar { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.35)); }
#toolbar h1 { font-size: 1em; font-weight: 600; margin: 0 4px 0 0; max-width: 22em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#toolbar .group { display: flex; gap: 4px; align-items: center; }
button.tool, button.small { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: 1px solid transparent; padding: 2px 8px; cursor: pointer; font: inherit; }
button.tool.active { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
button:disabled { opacity: 0.5; cursor: default; }
button.tool:hover:not(:disabled), button.small:hover:not(:disabled) { background: var(--vscode-button-secondaryHoverBackground); }
input, select { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 2px 4px; font: inherit; }
input.number { width: 6.5em; }
input#gamma, input#tolerance, input#page { width: 4.5em; }
input#newClass { width: 9em; }
input.invalid { border-color: var(--vscode-inputValidation-errorBorder); }
#stage { position: relative; flex: 1; min-height: 0; background: var(--vscode-editor-background); }
#canvas { position: absolute; inset: 0; outline: none; touch-action: none; }
#status { display: flex; gap: 16px; padding: 2px 8px; border-top: 1px solid var(--vscode-panel-border, rgba(128,128,128,0.35)); font-variant-numeric: tabular-nums; min-height: 1.4em; }
.muted { color: var(--vscode-descriptionForeground); }
#error { color: var(--vscode-errorForeground); padding: 4px 8px; white-space: pre-wrap; }
#notKept { display: flex; gap: 8px; align-items: center; padding: 4px 8px; color: var(--vscode-editorWarning-foreground); }
#busy { display: flex; gap: 8px; align-items: center; padding: 4px 8px; color: var(--vscode-descriptionForeground); }
#helpPanel { position: absolute; top: 48px; right: 16px; max-height: 75vh; overflow: auto; padding: 8px 14px; background: var(--vscode-editorWidget-background); color: var(--vscode-editorWidget-foreground); border: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.5)); box-shadow: 0 2px 8px var(--vscode-widget-shadow, rgba(0,0,0,0.3)); }
#helpPanel h2 { font-size: 1.05em; margin: 4px 0 8px; }
#helpPanel td { padding: 1px 10px 1px 0; vertical-align: top; }
#helpPanel td.key { font-family: var(--vscode-editor-font-family); white-space: nowrap; }
`;

/** The page's words; placeholders such as {0} are filled by the page. */
export function annotationWords(): Record<string, string> {
  return {
    'tool.select': vscode.l10n.t('Select'),
    'tool.select.hint': vscode.l10n.t('Select, move and reshape labels; drag the background to pan'),
    'tool.box': vscode.l10n.t('Box'),
    'tool.box.hint': vscode.l10n.t('Drag to draw a box'),
    'tool.polygon': vscode.l10n.t('Polygon'),
    'tool.polygon.hint': vscode.l10n.t('Click the vertices; click the first one, double-click or press Enter to close'),
    'tool.point': vscode.l10n.t('Point'),
    'tool.point.hint': vscode.l10n.t('Click to place a point'),
    'tool.fill': vscode.l10n.t('Fill'),
    'tool.fill.hint': vscode.l10n.t('Click a region: a polygon around the pixels of similar value (tolerance beside the assists)'),
    newClass: vscode.l10n.t('New class…'),
    newClassHint: vscode.l10n.t('Type a class name and press Enter: it is added at the end of the class list'),
    classHint: vscode.l10n.t('The class of the selected labels and of the next one drawn (keys 1–9)'),
    needClass: vscode.l10n.t('Add a class first: type its name in the box at the top and press Enter.'),
    badClass: vscode.l10n.t('A class name is one line of plain text of at most 200 characters (no tabs): type a shorter or plainer name.'),
    low: vscode.l10n.t('Window low: this value and below are black'),
    high: vscode.l10n.t('Window high: this value and above are white'),
    auto: vscode.l10n.t('Auto'),
    autoHint: vscode.l10n.t('Window from the 0.5th to the 99.8th percentile of the frame'),
    'scale.linear': vscode.l10n.t('Linear'),
    'scale.log': vscode.l10n.t('Logarithmic'),
    'scale.gamma': vscode.l10n.t('Gamma'),
    gamma: vscode.l10n.t('Gamma exponent (below 1 brightens faint values)'),
    scaleHint: vscode.l10n.t('Display scale: how values between the window’s low and high become brightness (the data is not changed)'),
    colourMapHint: vscode.l10n.t('Display colours (the data is not changed)'),
    'map.grey': vscode.l10n.t('Grey'),
    'map.inverted': vscode.l10n.t('Inverted grey'),
    'map.viridis': vscode.l10n.t('Viridis'),
    'map.hot': vscode.l10n.t('Hot'),
    tolerance: vscode.l10n.t('Fill tolerance, as a fraction of the frame’s range'),
    previous: vscode.l10n.t('Previous image of the folder'),
    next: vscode.l10n.t('Next image of the folder'),
    frame: vscode.l10n.t('Frame'),
    prelabel: vscode.l10n.t('Pre-label'),
    prelabelHint: vscode.l10n.t('Suggest boxes with the detection model (hai.annotation.detectionModel)'),
    spots: vscode.l10n.t('Find spots'),
    spotsHint: vscode.l10n.t('Suggest a box around each bright spot (threshold and connected components, no model)'),
    acceptAll: vscode.l10n.t('Accept suggestions'),
    rejectAll: vscode.l10n.t('Reject suggestions'),
    help: vscode.l10n.t('Keys'),
    helpTitle: vscode.l10n.t('Keys and mouse'),
    rebind: vscode.l10n.t('Keys are VS Code keybindings: change them in Keyboard Shortcuts (search for “Annotation:”).'),
    mouseHelp: [
      `${vscode.l10n.t('Wheel')}\t${vscode.l10n.t('Zoom about the cursor')}`,
      `${vscode.l10n.t('Drag background, middle or right drag, Space + drag')}\t${vscode.l10n.t('Pan')}`,
      `${vscode.l10n.t('Shift + click')}\t${vscode.l10n.t('Add to or remove from the selection')}`,
      `${vscode.l10n.t('Double-click an edge')}\t${vscode.l10n.t('Insert a vertex into the selected polygon')}`,
      `${vscode.l10n.t('Alt + click a vertex')}\t${vscode.l10n.t('Remove it (three stay at least)')}`,
      `${vscode.l10n.t('Enter, Escape, Backspace')}\t${vscode.l10n.t('Close, drop, or step back a polygon being drawn')}`,
    ].join('\n'),
    close: vscode.l10n.t('Close'),
    cancel: vscode.l10n.t('Cancel'),
    cursor: vscode.l10n.t('x {0}  y {1}  value {2}', '{0}', '{1}', '{2}'),
    labelCount: vscode.l10n.t('{0} labels', '{0}'),
    labelOne: vscode.l10n.t('1 label'),
    suggestionCount: vscode.l10n.t('{0} suggestions', '{0}'),
    suggestionOne: vscode.l10n.t('1 suggestion'),
    selectedCount: vscode.l10n.t('{0} selected', '{0}'),
    unsaved: vscode.l10n.t('unsaved'),
    notKept: vscode.l10n.t('Not kept by {0}: {1}', '{0}', '{1}'),
    andMore: vscode.l10n.t('…and {0} more', '{0}'),
    chooseFormat: vscode.l10n.t('Choose Another Format…'),
  };
}

/** What each keybinding of the editor does, in the user's language, for the help panel. */
export function annotationCommandTitles(): Record<string, string> {
  return {
    [COMMANDS.annotationSelectTool]: vscode.l10n.t('Select tool'),
    [COMMANDS.annotationBoxTool]: vscode.l10n.t('Box tool'),
    [COMMANDS.annotationPolygonTool]: vscode.l10n.t('Polygon tool'),
    [COMMANDS.annotationPointTool]: vscode.l10n.t('Point tool'),
    [COMMANDS.annotationFillTool]: vscode.l10n.t('Fill tool'),
    [COMMANDS.annotationDeleteSelection]: vscode.l10n.t('Delete the selected labels'),
    [COMMANDS.annotationSelectAll]: vscode.l10n.t('Select all labels'),
    [COMMANDS.annotationCancel]: vscode.l10n.t('Clear the selection'),
    [COMMANDS.annotationNextImage]: vscode.l10n.t('Next image'),
    [COMMANDS.annotationPreviousImage]: vscode.l10n.t('Previous image'),
    [COMMANDS.annotationFit]: vscode.l10n.t('Fit the image'),
    [COMMANDS.annotationZoomIn]: vscode.l10n.t('Zoom in'),
    [COMMANDS.annotationZoomOut]: vscode.l10n.t('Zoom out'),
    [COMMANDS.annotationActualSize]: vscode.l10n.t('Actual size'),
    [COMMANDS.annotationNextClass]: vscode.l10n.t('Next class'),
    [COMMANDS.annotationPreviousClass]: vscode.l10n.t('Previous class'),
    [COMMANDS.annotationPickClass]: vscode.l10n.t('Class 1–9'),
    [COMMANDS.annotationAcceptSuggestions]: vscode.l10n.t('Accept all suggestions'),
    [COMMANDS.annotationRejectSuggestions]: vscode.l10n.t('Reject all suggestions'),
    [COMMANDS.annotationPrelabel]: vscode.l10n.t('Pre-label with the detection model'),
    [COMMANDS.annotationFindSpots]: vscode.l10n.t('Find bright spots'),
    [COMMANDS.annotationAutoWindow]: vscode.l10n.t('Automatic display window'),
    [COMMANDS.annotationHelp]: vscode.l10n.t('Show the keys'),
  };
}
