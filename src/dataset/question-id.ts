/** A question id as text: the released files hold integers in some organs and strings in others. */
export function questionIdOf(value: unknown): { questionId: string } | { problem: string } {
  if (typeof value === 'bigint') return { questionId: value.toString() };
  if (typeof value === 'number' && Number.isFinite(value)) return { questionId: String(value) };
  if (typeof value === 'string' && value.trim() !== '') return { questionId: value.trim() };
  return { problem: value === undefined || value === null || value === '' ? 'missing' : `not an id: ${JSON.stringify(value)}` };
}
