// The annotation editor's commands: open an image in it, choose the label format, and the editor's
// keys — each a VS Code command with a default keybinding (package.json), so that users can rebind
// them in Keyboard Shortcuts; the command tells the editor tab in front what to do.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LABEL_FORMATS } from '../../core/annotation/formats';
import { frameQuery, isHdf5Name } from '../../core/annotation/hdf5FrameNames';
import { formatChoices } from '../../core/annotation/labelFiles';
import { chosenTarget } from '../../core/annotation/labelIo';
import { ANNOTATION_EDITOR_VIEW_TYPE } from '../../core/protocol/views';
import { errorText, translate } from '../errorNotice';
import type { CommandHandlers } from '../commands';
import type { AnnotationAssist } from './annotationAssist';
import type { AnnotationEditor } from './annotationEditor';
import { convertLabels } from './convertCommand';
import { prelabelFolder } from './prelabelFolder';
import { formatName } from './annotationDocument';

type AnnotationCommandKey = Extract<keyof CommandHandlers, `annotation${string}` | 'openAnnotationEditor' | 'prelabelFolder' | 'convertLabels'>;

export function annotationCommands(editor: AnnotationEditor, assist: AnnotationAssist, output: vscode.LogOutputChannel): Pick<CommandHandlers, AnnotationCommandKey> {
  const tool = (t: 'select' | 'box' | 'polygon' | 'point' | 'fill') => () => editor.toActive({ type: 'tool', tool: t });
  const action = (a: Parameters<AnnotationEditor['toActive']>[0] extends infer M ? (M extends { type: 'action'; action: infer A } ? A : never) : never) => () => editor.toActive({ type: 'action', action: a });
  return {
    openAnnotationEditor: async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : await pickImage();
      if (!uri) return;
      const target = isHdf5Name(uri.fsPath) ? await pickFrames(editor, uri) : uri;
      if (target) await vscode.commands.executeCommand('vscode.openWith', target, ANNOTATION_EDITOR_VIEW_TYPE);
    },
    prelabelFolder: (arg?: unknown) => prelabelFolder(editor, assist, output, arg instanceof vscode.Uri ? arg : undefined),
    convertLabels: (arg?: unknown) => convertLabels(output, arg instanceof vscode.Uri ? arg : undefined),
    annotationChooseFormat: () => chooseFormat(editor),
    annotationSelectTool: tool('select'),
    annotationBoxTool: tool('box'),
    annotationPolygonTool: tool('polygon'),
    annotationPointTool: tool('point'),
    annotationFillTool: tool('fill'),
    annotationDeleteSelection: action('delete'),
    annotationSelectAll: action('selectAll'),
    annotationCancel: action('cancel'),
    annotationNextImage: () => {
      const s = editor.active();
      if (s) void editor.navigate(s, 1);
    },
    annotationPreviousImage: () => {
      const s = editor.active();
      if (s) void editor.navigate(s, -1);
    },
    annotationFit: action('fit'),
    annotationZoomIn: action('zoomIn'),
    annotationZoomOut: action('zoomOut'),
    annotationActualSize: action('actualSize'),
    annotationNextClass: action('nextClass'),
    annotationPreviousClass: action('previousClass'),
    annotationPickClass: (arg?: unknown) => {
      const index = (arg as { index?: unknown } | undefined)?.index;
      if (typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < 100) editor.toActive({ type: 'pickClass', index });
    },
    annotationAcceptSuggestions: action('acceptAll'),
    annotationRejectSuggestions: action('rejectAll'),
    annotationPrelabel: action('prelabel'),
    annotationFindSpots: action('findSpots'),
    annotationAutoWindow: action('autoWindow'),
    annotationHelp: action('help'),
  };
}

/** Which image dataset of an HDF5 file to label (asked when it has several); its first frame's URI. */
async function pickFrames(editor: AnnotationEditor, uri: vscode.Uri): Promise<vscode.Uri | undefined> {
  let sources;
  try {
    sources = await editor.decoder.listFrames(uri.fsPath);
  } catch (err) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} cannot be opened: {1}', path.basename(uri.fsPath), errorText(err)));
    return undefined;
  }
  if (sources.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} holds no image datasets (2-D images or 3-D stacks of frames); open it in the data explorer to see what it holds.', path.basename(uri.fsPath)));
    return undefined;
  }
  const picked =
    sources.length === 1
      ? { source: sources[0] }
      : await vscode.window.showQuickPick(
          sources.map((source) => ({ label: source.path, description: translate(source.description), detail: source.unreadableText ? translate(source.unreadableText) : source.unreadable, source })),
          { placeHolder: vscode.l10n.t('Label which dataset of {0}?', path.basename(uri.fsPath)) },
        );
  return picked ? uri.with({ query: frameQuery({ dataset: picked.source.path, frame: 0 }) }) : undefined;
}

async function pickImage(): Promise<vscode.Uri | undefined> {
  const uris = await vscode.workspace.findFiles('**/*.{png,jpg,jpeg,tif,tiff,h5,hdf5,nxs,PNG,JPG,JPEG,TIF,TIFF}', '**/{node_modules,.git}/**', 2000);
  if (uris.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No PNG, JPEG or TIFF images in this workspace.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    uris.map((uri) => ({ label: path.posix.basename(uri.path), description: vscode.workspace.asRelativePath(uri, false), uri })),
    { placeHolder: vscode.l10n.t('Label which image?'), matchOnDescription: true },
  );
  return picked?.uri;
}

/** Changes where (and in which format) the image in front saves its labels: an undoable edit, written at the next save. */
async function chooseFormat(editor: AnnotationEditor): Promise<void> {
  const session = editor.active();
  if (!session) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open an image in the annotation editor first.'));
    return;
  }
  const document = session.document;
  const items = formatChoices(document).map((target) => {
    const format = target.format;
    const lost = document.state.labels.filter((s) => !LABEL_FORMATS[format].canHold(s)).length;
    return {
      label: formatName(format),
      description: vscode.workspace.asRelativePath(target.file, false),
      detail: lost ? vscode.l10n.t('{0} of the labels would change form (said before saving)', lost) : undefined,
      picked: format === document.target.format,
      target,
    };
  });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Save the labels of {0} as', path.basename(document.labelImage)) });
  if (!picked || (picked.target.format === document.target.format && picked.target.file === document.target.file)) return;
  let chosen;
  try {
    chosen = await chosenTarget(document.info, picked.target);
  } catch (err) {
    // A COCO file that cannot be read cannot be saved into either: the format stays as it was.
    void vscode.window.showErrorMessage(vscode.l10n.t('The labels stay in {0}: {1} cannot be read ({2}). Correct that file, or choose another format.', formatName(document.target.format), path.basename(picked.target.file), errorText(err)));
    return;
  }
  // A file that already holds labels for this image (a per-image file, or the COCO file's entry) would
  // be replaced by the labels shown, which may not be the ones in it: said before, never found after.
  if (chosen.target.exists) {
    const replace = vscode.l10n.t('Replace at Save');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} already holds labels for {1}, which this editor has not shown.', path.basename(chosen.target.file), path.basename(document.labelImage)),
      { modal: true, detail: vscode.l10n.t('Saving as {0} replaces them with the labels shown here; to keep them, choose another format.', formatName(chosen.target.format)) },
      replace,
    );
    if (answer !== replace) return;
  }
  document.setTarget(chosen.target, chosen.stamp);
}
