import type { DescriptionFields } from '../dataset/case.js';

/** A case's (or a build item's) optional description, kept as nullable columns. */
export interface DescriptionColumns {
  readonly department: string | null;
  readonly modality: string | null;
  readonly body_part: string | null;
  readonly question_type: string | null;
  readonly source: string | null;
  readonly image_id: string | null;
}

export function descriptionColumns(d: DescriptionFields): DescriptionColumns {
  return {
    department: d.department ?? null,
    modality: d.modality ?? null,
    body_part: d.bodyPart ?? null,
    question_type: d.questionType ?? null,
    source: d.source ?? null,
    image_id: d.imageId ?? null,
  };
}

/** Absent fields stay absent (not null), so records read back equal the ones written. */
export function descriptionFields(row: DescriptionColumns): DescriptionFields {
  const all = {
    department: row.department,
    modality: row.modality,
    bodyPart: row.body_part,
    questionType: row.question_type,
    source: row.source,
    imageId: row.image_id,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== null)) as DescriptionFields;
}
