/** One thing wrong with a dataset, located precisely enough to fix it by hand. */
export interface DataProblem {
  readonly file: string;
  /** 1-based parquet row or JSONL line. */
  readonly row?: number;
  readonly field?: string;
  readonly message: string;
  /** The case this problem makes invalid, when there is one. */
  readonly caseUid?: string;
}

export function formatProblem({ file, row, field, message }: DataProblem): string {
  const where = row === undefined ? file : `${file}: row ${row}`;
  return field === undefined ? `${where}: ${message}` : `${where}: field '${field}': ${message}`;
}

export class DataError extends Error {
  constructor(
    readonly problems: readonly DataProblem[],
    /** What the user can do about it, when the caller knows. */
    readonly hint?: string,
  ) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'DataError';
  }
}
