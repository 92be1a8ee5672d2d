// Histograms and profiles pinned for overlay, shared by every open explorer page: pin Jet_Px from one file, draw it
// from another file or with another cut, and both are drawn together (optionally normalised, in the
// page). At most 8; the oldest goes first. Plain numbers only: nothing is re-read.
import * as vscode from 'vscode';
import type { OverlayPayload } from '../../core/protocol/dataExplorerMessages';

/** A pinned histogram, or a profile (drawn over profiles only, its means compared by χ²). */
export type Overlay = OverlayPayload;

export const MAX_OVERLAYS = 8;

export class OverlayBoard implements vscode.Disposable {
  private items: Overlay[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  get overlays(): readonly Overlay[] {
    return this.items;
  }

  pin(overlay: Overlay): void {
    this.items = [...this.items, overlay].slice(-MAX_OVERLAYS);
    this.changed.fire();
  }

  unpin(index: number): void {
    if (index < 0 || index >= this.items.length) return;
    this.items = this.items.filter((_, i) => i !== index);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
