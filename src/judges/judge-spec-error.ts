/** A judge spec or judge setting that names no judge we can build (`mrb` exits 2). */
export class JudgeSpecError extends Error {}
