// Column types stay portable (text, integer, real) so one query layer serves SQLite and PostgreSQL.
// JSON is stored as text; timestamps as ISO-8601 text.

export interface RunsTable {
  id: string;
  created_at: string;
  updated_at: string;
  status: string;
  settings: string;
  dataset: string;
}

export interface CasesTable {
  run_id: string;
  uid: string;
  position: number;
  organ: string;
  question_id: string;
  department: string | null;
  modality: string | null;
  body_part: string | null;
  question_type: string | null;
  source: string | null;
  image_id: string | null;
  question: string;
  answer_a: string;
  answer_b: string;
  labels: string;
  image_sha256: string;
  image_mime: string;
  image_size: number;
}

export interface TrialsTable {
  run_id: string;
  case_uid: string;
  judge: string;
  prompt_order: string;
  sample: number;
  trial_key: string;
}

export interface JudgmentsTable {
  trial_key: string;
  judge: string;
  raw_output: string | null;
  reasoning: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  latency_ms: number;
  attempts: number;
  error: string | null;
  error_kind: string | null;
  created_at: string;
}

export interface RunLeasesTable {
  run_id: string;
  owner: string;
  host: string;
  pid: number;
  expires_at: string;
}

export interface TrialClaimsTable {
  run_id: string;
  trial_key: string;
  owner: string;
  host: string;
  pid: number;
  state: string;
  expires_at: string;
}

export interface Database {
  runs: RunsTable;
  cases: CasesTable;
  trials: TrialsTable;
  judgments: JudgmentsTable;
  run_leases: RunLeasesTable;
  trial_claims: TrialClaimsTable;
}
