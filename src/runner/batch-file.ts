import { createReadStream, createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import type { BatchPart } from '../judges/judge.js';
import { encodePairedOutput } from '../protocol/paired-output.js';
import { modeOfSettings, type JudgeMode } from '../protocol/judge-mode.js';
import { errorKindForStatus, ProviderError, type ChatReply } from '../providers/chat.js';
import { readChatCompletion } from '../providers/openai-compatible.js';
import { errorMessage } from '../providers/post-json.js';
import { openStore } from '../store/open-store.js';
import type { JudgmentRecord } from '../store/store.js';
import { planTrials, prepareRun, readValidCases } from './prepare-run.js';
import type { RunOptions } from './run-benchmark.js';
import { withRunLease } from './run-lease.js';
import type { RunSettings } from './run-settings.js';
import { BatchFileError } from './batch-file-error.js';

/** What `mrb batch export` wrote. */
export interface BatchExport {
  readonly runId: string;
  /** Lines written: one per request (two per trial for pointwise judges). */
  readonly requests: number;
  readonly trials: number;
  /** Trials already answered in the store, or answered locally (baselines). */
  readonly skipped: number;
  /** Judges whose API has no such batch format; run them online. */
  readonly unsupported: readonly string[];
  /** The files written: the output path itself, or numbered files when the requests did not fit in one. */
  readonly files: readonly string[];
}

/** How much one batch file may hold: OpenAI's Batch API takes at most 50,000 requests and 200 MB per input file. */
export interface BatchFileLimits {
  readonly maxRequests: number;
  readonly maxBytes: number;
}

export const OPENAI_BATCH_LIMITS: BatchFileLimits = { maxRequests: 50_000, maxBytes: 200 * 1_000_000 };

/** `batch.jsonl` -> `batch-001.jsonl`: numbered so the files sort in order. */
export function numberedBatchFile(outPath: string, n: number): string {
  const ext = extname(outPath);
  return `${outPath.slice(0, outPath.length - ext.length)}-${String(n).padStart(3, '0')}${ext || '.jsonl'}`;
}

/**
 * Writes lines into numbered files, starting a new one before a group of lines would pass a limit.
 * A group (the two requests of a pointwise trial) stays in one file, so each results file imports whole.
 */
class SplitWriter {
  private out: WriteStream | undefined;
  private requests = 0;
  private bytes = 0;
  readonly files: string[] = [];

  constructor(
    private readonly outPath: string,
    private readonly limits: BatchFileLimits,
  ) {}

  async writeGroup(lines: readonly string[]): Promise<void> {
    const bytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
    if (!this.out || (this.requests > 0 && (this.requests + lines.length > this.limits.maxRequests || this.bytes + bytes > this.limits.maxBytes))) await this.next();
    for (const line of lines) if (!this.out!.write(line)) await once(this.out!, 'drain');
    this.requests += lines.length;
    this.bytes += bytes;
  }

  private async next(): Promise<void> {
    await this.closeCurrent();
    const file = numberedBatchFile(this.outPath, this.files.length + 1);
    this.files.push(file);
    this.out = createWriteStream(file);
    this.requests = 0;
    this.bytes = 0;
  }

  private async closeCurrent(): Promise<void> {
    if (!this.out) return;
    this.out.end();
    await once(this.out, 'close');
    this.out = undefined;
  }

  /** One file is written under the name asked for; several keep their numbers and the name asked for is not left behind stale. */
  async close(): Promise<string[]> {
    if (this.files.length === 0) await this.next();
    await this.closeCurrent();
    if (this.files.length === 1) {
      renameSync(this.files[0]!, this.outPath);
      return [this.outPath];
    }
    rmSync(this.outPath, { force: true });
    return [...this.files];
  }
}

// `custom_id` is the trial key, with the answer's label for judges that send one request per answer.
const customId = (key: string, part: BatchPart) => (part === '' ? key : `${key}#${part}`);

/**
 * Writes the run's pending trials as an OpenAI batch file (JSONL, one `/v1/chat/completions`
 * request per line, `custom_id` = trial key): what OpenAI's Batch API and vLLM's offline
 * `run_batch` read. The run, its cases and trials are stored, so the replies can be imported later.
 */
export async function exportBatch(options: RunOptions, outPath: string, limits: BatchFileLimits = OPENAI_BATCH_LIMITS): Promise<BatchExport> {
  // Nothing is sent from here: writing the file needs no API keys.
  const { source, judges, check, settings, dataset, runId } = await prepareRun(options, { offline: true });
  const batchable = judges.filter((j) => j.settings.provider === 'openai' || j.settings.provider === 'openai-compatible');
  if (batchable.length > 1) {
    throw new BatchFileError(`batch export writes one model per file (OpenAI's Batch API and vLLM's run_batch serve one model each); export ${batchable.map((j) => j.spec).join(', ')} one at a time`);
  }
  const store = await openStore(options.store);
  try {
    return await withRunLease(store, runId, async () => {
      await store.openRun({ id: runId, settings, dataset });
      const out = new SplitWriter(outPath, limits);
      let requests = 0;
      let trials = 0;
      let skipped = 0;
      const unsupported = new Set<string>();
      const pending: JudgmentRecord[] = [];
      const planned = planTrials(store, runId, readValidCases(source, options, check), judges, options.orders, new Set(), {
        onCase: () => {},
        onReused: (n) => (skipped += n),
      });
      for await (const { judge, trial } of planned) {
        if (judge.local) {
          // Baselines cost nothing: answered now, so the imported run is complete.
          const reply = await trial.execute();
          pending.push({ key: trial.key, judge: judge.spec, ...reply, latencyMs: 0, attempts: 1, error: null, errorKind: null, createdAt: new Date().toISOString() });
          skipped++;
          continue;
        }
        if (!trial.batchBodies) {
          unsupported.add(judge.spec);
          continue;
        }
        let bodies: Awaited<ReturnType<NonNullable<typeof trial.batchBodies>>>;
        try {
          bodies = await trial.batchBodies();
        } catch (error) {
          // An image the API would refuse: recorded as the trial's failure, as an online run would.
          if (!(error instanceof ProviderError)) throw error;
          pending.push({ key: trial.key, judge: judge.spec, rawOutput: null, reasoning: null, inputTokens: null, outputTokens: null, latencyMs: 0, attempts: 1, error: error.message, errorKind: error.kind, createdAt: new Date().toISOString() });
          continue;
        }
        trials++;
        await out.writeGroup(bodies.map(({ part, body }) => JSON.stringify({ custom_id: customId(trial.key, part), method: 'POST', url: '/v1/chat/completions', body }) + '\n'));
        requests += bodies.length;
      }
      const files = await out.close();
      if (pending.length > 0) await store.putJudgments(pending);
      await store.setRunStatus(runId, 'incomplete');
      return { runId, requests, trials, skipped, unsupported: [...unsupported], files };
    });
  } finally {
    await store.close();
  }
}

/** What `mrb batch import` stored. */
export interface BatchImport {
  readonly runId: string;
  readonly answered: number;
  readonly failed: number;
  /** Lines whose custom_id is no trial of this run (another run's file?). */
  readonly unknown: number;
  /** Trials of a pointwise judge with only one of their two answers in the file. */
  readonly incomplete: number;
}

interface BatchLine {
  custom_id?: unknown;
  response?: { status_code?: number; body?: unknown } | null;
  error?: { message?: string; code?: string } | null;
}

/**
 * Stores the replies of an answered batch file (OpenAI's output file or vLLM run_batch's) as the
 * run's judgments, exactly as if they had come online; then `mrb run` with the same settings finds
 * everything answered and only scores. Failed lines are stored as failed trials, so the online run
 * retries just those.
 */
export async function importBatch(storePath: string, runId: string, resultsPath: string): Promise<BatchImport> {
  const store = await openStore(storePath, { mustExist: true });
  try {
    const run = await store.getRun<RunSettings>(runId);
    if (!run) throw new BatchFileError(`no run ${runId} in the store ${storePath} (\`mrb runs\` lists the runs)`);
    const modes = new Map<string, JudgeMode>(run.settings.judges.map((j) => [j.spec, modeOfSettings(j.settings)]));
    const judgeOfKey = new Map((await store.runResults(runId)).map((r) => [r.key, r.judge]));
    const parts = new Map<string, Partial<Record<BatchPart, ChatReply | ProviderError>>>();
    let unknown = 0;
    let lineNumber = 0;
    const lines = createInterface({ input: createReadStream(resultsPath, 'utf8'), crlfDelay: Infinity });
    try {
      for await (const text of lines) {
        lineNumber++;
        if (text.trim() === '') continue;
        let line: BatchLine;
        try {
          line = JSON.parse(text) as BatchLine;
        } catch {
          throw new BatchFileError(`${resultsPath}:${lineNumber}: not JSON`);
        }
        if (typeof line.custom_id !== 'string') throw new BatchFileError(`${resultsPath}:${lineNumber}: custom_id: missing`);
        const [key, part = ''] = line.custom_id.split('#') as [string, BatchPart | undefined];
        if (!judgeOfKey.has(key)) {
          unknown++;
          continue;
        }
        const entry = parts.get(key) ?? {};
        entry[part] = replyOf(line);
        parts.set(key, entry);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BatchFileError(`${resultsPath}: no such file`);
      throw error;
    }
    const judgments: JudgmentRecord[] = [];
    let incomplete = 0;
    const createdAt = new Date().toISOString();
    for (const [key, entry] of parts) {
      const judge = judgeOfKey.get(key)!;
      const mode = modes.get(judge) ?? 'pairwise';
      const replies = mode === 'pairwise' ? [entry['']] : [entry.A, entry.B];
      if (replies.some((r) => r === undefined)) {
        incomplete++;
        continue;
      }
      const failure = replies.find((r): r is ProviderError => r instanceof ProviderError);
      const common = { key, judge, latencyMs: 0, attempts: 1, createdAt };
      if (failure) {
        judgments.push({ ...common, rawOutput: null, reasoning: null, inputTokens: null, outputTokens: null, error: failure.message, errorKind: failure.kind });
        continue;
      }
      const ok = replies as ChatReply[];
      const sum = (f: (r: ChatReply) => number | null) => (ok.every((r) => f(r) === null) ? null : ok.reduce((s, r) => s + (f(r) ?? 0), 0));
      const rawOutput = mode === 'pairwise' ? ok[0]!.text : encodePairedOutput({ A: ok[0]!.text, B: ok[1]!.text });
      const reasoning = mode === 'pairwise' ? ok[0]!.reasoning : ok.some((r) => r.reasoning) ? encodePairedOutput({ A: ok[0]!.reasoning, B: ok[1]!.reasoning }) : null;
      judgments.push({ ...common, rawOutput, reasoning, inputTokens: sum((r) => r.inputTokens), outputTokens: sum((r) => r.outputTokens), error: null, errorKind: null });
    }
    for (let i = 0; i < judgments.length; i += 500) await store.putJudgments(judgments.slice(i, i + 500));
    const failed = judgments.filter((j) => j.error).length;
    return { runId, answered: judgments.length - failed, failed, unknown, incomplete };
  } finally {
    await store.close();
  }
}

function replyOf(line: BatchLine): ChatReply | ProviderError {
  const status = line.response?.status_code;
  if (line.error || !line.response || status !== 200) {
    const body = line.response?.body;
    const message = line.error?.message ?? `${status ?? 'no status'} ${body === undefined ? '' : errorMessage(typeof body === 'string' ? body : JSON.stringify(body))}`.trim();
    return new ProviderError(`batch: ${message}`, status && status !== 200 ? errorKindForStatus(status) : 'server', status);
  }
  try {
    return readChatCompletion(line.response.body);
  } catch (error) {
    return error instanceof ProviderError ? error : new ProviderError(String(error), 'server');
  }
}
