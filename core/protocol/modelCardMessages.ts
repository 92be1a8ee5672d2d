// Messages from the model-card webview (webviews/modelCard/) to its host, as a map from name to
// payload (webviewProtocol.ts). The host validates every one against MODEL_CARD_REQUESTS: a webview
// is untrusted input like any other, and a file must be a plain name of the card's own weights.
import { fields, type MessageOf, type NoPayload, type PayloadSpecs } from './webviewProtocol';

export type ModelCardRequests = {
  download: { readonly file: string };
  copyLoadCode: { readonly file: string };
  copyRecipe: NoPayload;
};
export type ModelCardRequest = MessageOf<ModelCardRequests>;

/** None: the card is static HTML, written again when the hub changes, so the host posts nothing. */
export type ModelCardUpdates = Record<never, never>;

export const MODEL_CARD_REQUESTS: PayloadSpecs<ModelCardRequests> = {
  download: { file: fields.fileName() },
  copyLoadCode: { file: fields.fileName() },
  copyRecipe: {},
};
