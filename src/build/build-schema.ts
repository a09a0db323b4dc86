// Row types of the build tables (src/store/build-migration.ts, with its own migration history). JSON is stored as text, times as ISO text.

export interface BuildItemsTable {
  item_id: string;
  organ: string;
  department: string | null;
  modality: string | null;
  body_part: string | null;
  question_type: string | null;
  answer_kind: string;
  source: string | null;
  image_id: string | null;
  question: string;
  reference_answer: string;
  image: Uint8Array;
  image_sha256: string;
  image_mime: string;
  provenance: string;
  created_at: string;
}

export interface BuildSolverAnswersTable {
  item_id: string;
  solver: string;
  answer: string | null;
  correct: number | null;
  graded_by: string | null;
  error: string | null;
  created_at: string;
}

export interface BuildResponsesTable {
  item_id: string;
  model: string;
  settings: string;
  answer: string | null;
  error: string | null;
  created_at: string;
}

export interface BuildQualityTable {
  item_id: string;
  model: string;
  grader: string;
  score: number | null;
  error: string | null;
  created_at: string;
}

export interface BuildPairsTable {
  pair_id: string;
  item_id: string;
  position: number;
  model_a: string;
  model_b: string;
  strategy: string;
  created_at: string;
}

export interface BuildAnnotatorsTable {
  annotator_id: string;
  name: string;
  role: string;
  token_hash: string;
  created_at: string;
}

export interface BuildAssignmentsTable {
  pair_id: string;
  annotator_id: string;
  assigned_at: string;
}

export interface BuildAnnotationsTable {
  pair_id: string;
  annotator_id: string;
  dimension: string;
  choice: string;
  updated_at: string;
}

export interface BuildCommentsTable {
  pair_id: string;
  annotator_id: string;
  comment: string;
  updated_at: string;
}

export interface BuildAdjudicationsTable {
  pair_id: string;
  dimension: string;
  choice: string;
  annotator_id: string;
  updated_at: string;
}

export interface BuildMetaTable {
  key: string;
  value: string;
}

export interface BuildDatabase {
  build_items: BuildItemsTable;
  build_solver_answers: BuildSolverAnswersTable;
  build_responses: BuildResponsesTable;
  build_quality: BuildQualityTable;
  build_pairs: BuildPairsTable;
  build_annotators: BuildAnnotatorsTable;
  build_assignments: BuildAssignmentsTable;
  build_annotations: BuildAnnotationsTable;
  build_comments: BuildCommentsTable;
  build_adjudications: BuildAdjudicationsTable;
  build_meta: BuildMetaTable;
}
