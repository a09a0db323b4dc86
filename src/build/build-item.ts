import type { ImageMime } from '../dataset/image-format.js';

/** Closed questions (yes/no, a term from a short list) are checked by normalised match; open ones by a grader model. */
export type AnswerKind = 'closed' | 'open';

/** What was done to a DICOM file before its pixels entered the build. */
export interface DeidentificationRecord {
  readonly identityRemoved: true;
  readonly method: string;
  /** Attributes dropped, by keyword or tag; private tags counted apart. Never their values. */
  readonly removedAttributes: readonly string[];
  readonly removedPrivateTags: number;
  /** The attributes kept, all non-identifying by the allowlist. */
  readonly keptHeader: Readonly<Record<string, unknown>>;
  readonly window: { readonly center: number; readonly width: number; readonly from: 'header' | 'pixel range' };
}

/** Where an item came from: the file and row, and for DICOM what de-identification did. */
export interface Provenance {
  readonly file: string;
  readonly row: number;
  readonly dicom?: DeidentificationRecord;
}

/** One medical VQA item: an image, a question and its reference answer, described for reporting. */
export interface BuildItem {
  readonly itemId: string;
  readonly organ: string;
  readonly department?: string;
  readonly modality?: string;
  readonly bodyPart?: string;
  readonly questionType?: string;
  readonly answerKind: AnswerKind;
  readonly source?: string;
  readonly imageId?: string;
  readonly question: string;
  readonly referenceAnswer: string;
  readonly imageSha256: string;
  readonly imageMime: ImageMime;
  readonly provenance: Provenance;
}

export interface ItemImage {
  readonly bytes: Uint8Array;
  readonly mime: ImageMime;
  readonly sha256: string;
}

export interface BuildItemWithImage extends BuildItem {
  readonly image: Uint8Array;
}
