import type { Labels } from '../protocol/dimensions.js';
import type { ImageMime } from './image-format.js';

export interface CaseImage {
  readonly bytes: Uint8Array;
  readonly mime: ImageMime;
  readonly sha256: string;
  /** The file the bytes were read from, when the dataset names the image by its path rather than holding it. */
  readonly file?: string;
}

/** What describes a case beyond its question; every part optional. */
export interface DescriptionFields {
  readonly department?: string;
  readonly modality?: string;
  readonly bodyPart?: string;
  readonly questionType?: string;
  readonly source?: string;
  readonly imageId?: string;
}

/** Everything about a case except its image bytes: what the store keeps and reports read. */
export interface CaseRecord extends DescriptionFields {
  /** `<organ>/<question_id>`: unique within a dataset. */
  readonly uid: string;
  readonly organ: string;
  /** Kept as text: the released files mix integer and string ids. */
  readonly questionId: string;
  readonly question: string;
  /** `answer1_text`: slot A in the dataset's order. */
  readonly answerA: string;
  /** `answer2_text`: slot B in the dataset's order. */
  readonly answerB: string;
  readonly labels: Labels;
  readonly imageSha256: string;
  readonly imageMime: ImageMime;
  readonly imageSize: number;
}

export interface Case extends CaseRecord {
  readonly image: CaseImage;
}

export function caseUid(organ: string, questionId: string): string {
  return `${organ}/${questionId}`;
}

export function caseRecord(c: Case): CaseRecord {
  const { image: _image, ...record } = c;
  return record;
}
