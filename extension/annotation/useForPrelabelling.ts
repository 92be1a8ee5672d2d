// "Use for Pre-labelling" on a downloaded ONNX weight of a detection model in the Hub: the model is
// loaded once to check it is a detector the editor can run (YOLOv5 or YOLOv8/11 layout, its classes
// and input size from its metadata), then hai.annotation.detectionModel (the user setting) names it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadDetector } from '../../core/annotation/assist/detector';
import { reportError } from '../../core/errors';
import { translate } from '../errorNotice';
import { classCount } from '../plural';

export async function useForPrelabelling(file: string, output: vscode.LogOutputChannel): Promise<void> {
  let summary: string;
  try {
    const detector = await loadDetector(file);
    summary = vscode.l10n.t('{0} layout, {1}, input {2} × {3}', detector.layout === 'yolov5' ? 'YOLOv5' : 'YOLOv8/11', classCount(detector.names.length), detector.inputSize.width, detector.inputSize.height);
    await detector.dispose();
  } catch (err) {
    output.warn(`Use for pre-labelling: ${file}: ${reportError(err).notice}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} cannot be used for pre-labelling: {1}', path.basename(file), reportError(err, translate).notice));
    return;
  }
  await vscode.workspace.getConfiguration('hai.annotation').update('detectionModel', file, vscode.ConfigurationTarget.Global);
  output.info(`Use for pre-labelling: hai.annotation.detectionModel set to ${file} (${summary})`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Pre-labelling now uses {0} ({1}).', path.basename(file), summary));
}
