// The library API: the same functions the `mrb` command calls.

export { DIMENSIONS, type Dimension, type Label, type Labels } from './protocol/dimensions.js';
export { type Choice, type DimensionVerdict, type Order, type Verdict, toDatasetOrder } from './protocol/verdict.js';
export { paperPrompt, paperInstruction, pairCaseBlock } from './protocol/paper-prompt.js';
export type { PromptTemplate, PairwisePromptInput } from './protocol/prompt-template.js';
export { parseOfficial, officialParser } from './protocol/official-parser.js';
export { parseStrict, strictParser } from './protocol/strict-parser.js';
export { verdictParser } from './protocol/parsers.js';
export type { ParsedOutput, ParserName, VerdictParser } from './protocol/verdict-parser.js';

export type { Case, CaseImage, CaseRecord } from './dataset/case.js';
export { ORGANS } from './dataset/organs.js';
export { DataError, formatProblem, type DataProblem } from './dataset/data-problem.js';
export { resolveDatasetSource, type DatasetSource } from './dataset/dataset-source.js';
export { readDataset, type DatasetItem } from './dataset/read-dataset.js';
export { checkDataset, type DatasetCheck } from './dataset/validate-dataset.js';
export { writeOfficialLayout, type LayoutRow } from './dataset/official-layout-writer.js';
export { phantomPng } from './dataset/phantom-image.js';

export type { Judge, JudgeReply, PreparedTrial, TrialInput } from './judges/judge.js';
export { baselineJudge, BASELINES, type BaselineName } from './judges/baselines.js';
export { pairwiseJudge } from './judges/pairwise-judge.js';
export { createJudge, judgeConfigOf, DEFAULT_JUDGES, JUDGE_KINDS } from './judges/judge-spec.js';
export { DEFAULT_JUDGE_CONFIG, type JudgeConfig, type TokenPrice } from './judges/judge-config.js';
export { pointwiseJudge } from './judges/pointwise-judge.js';
export { rewardJudge } from './judges/reward-judge.js';
export { readRunConfig, type RunConfig } from './runner/run-config.js';
export { ConfigError } from './runner/config-error.js';
export { planRun, type RunPlan, type JudgePlan } from './runner/plan-run.js';
export { trialKey } from './judges/trial-key.js';

export type { ChatProvider, ChatRequest, ChatReply } from './providers/chat.js';
export { ProviderError } from './providers/chat.js';
export { openAICompatibleProvider } from './providers/openai-compatible.js';

export { runBenchmark, type RunOptions, type RunHooks, type RunResult } from './runner/run-benchmark.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './runner/retry.js';
export type { Progress } from './runner/progress.js';

export { openStore, DEFAULT_STORE_PATH } from './store/open-store.js';
export type { Store, RunRecord, TrialRecord, JudgmentRecord, TrialResult, TrialScope } from './store/store.js';

export { scoreRun, type RunScore } from './metrics/score-run.js';
export { scoreTrial, type Outcome, type ScoredTrial } from './metrics/outcome.js';
export { judgeMatrices, type JudgeMatrix } from './metrics/judge-matrix.js';
export { officialTable, OFFICIAL_COLUMNS, type OfficialRow } from './metrics/official-table.js';
export { judgeStatistics, type JudgeStatistics, type DimensionStatistics } from './metrics/judge-statistics.js';
export { caseTable, type CaseTable } from './metrics/case-table.js';
export { stratifiedResamples, percentileInterval, type Estimate, type Resamples } from './metrics/bootstrap.js';
export { bootstrapAccuracy } from './metrics/accuracy-bootstrap.js';
export { cohenKappa } from './metrics/cohen-kappa.js';
export { exactMcNemar } from './metrics/mcnemar.js';
export { pythonRound4 } from './metrics/python-round.js';
export { compareJudges, type JudgeComparison, type DimensionComparison } from './metrics/compare-judges.js';
export { leaderboard, type Leaderboard, type LeaderboardEntry } from './metrics/leaderboard.js';
export { resolveJudgeReference, type JudgeReference } from './metrics/judge-reference.js';
export { formatLeaderboard } from './report/leaderboard-table.js';
export { comparisonMarkdown } from './report/comparison-table.js';

export { writeRunOutputs } from './report/write-run-outputs.js';
export { writeRunResults, RUN_RESULT_FILES, type RunResults, type RunResultsOptions } from './report/write-run-results.js';
export { writeJudgmentFiles } from './report/judgment-files.js';
export { writeExports, EXPORT_FORMATS, type ExportFormat } from './report/run-exports.js';
export { writeHtmlReport, type ReportSubject } from './report/write-html-report.js';
export { ReportThread } from './report/report-thread.js';
export { htmlReport } from './report/html-report.js';
export { reportOfRun, reportOfJudges, type ReportModel } from './report/report-model.js';
export { viewerApp, type ViewerOptions } from './server/viewer/viewer-app.js';
export { startViewer, type RunningViewer } from './server/viewer/start-viewer.js';
export { markdownSummary } from './report/markdown-summary.js';
export { main } from './cli/main.js';

// Building your own benchmark (mrb build, mrb annotate, mrb export-train).
export { openBuildStore, BuildStore, DEFAULT_BUILD_STORE, type Pair, type PoolResponse, type SolverAnswer } from './build/build-store.js';
export type { BuildItem, DeidentificationRecord, Provenance } from './build/build-item.js';
export { importTable, type ImportResult } from './build/import-table.js';
export { importDicom, dicomToPng } from './build/import-dicom.js';
export { deidentifyDicom, type DeidentifyResult } from './build/dicom-deidentify.js';
export { modelClient, type ModelClient, type ModelDefaults } from './build/model-client.js';
export { selectItems, selectionReport, type SelectionReport } from './build/select-items.js';
export { respond } from './build/respond.js';
export { pairResponses, balanceSlots, PAIR_STRATEGIES, type PairStrategy } from './build/pair-responses.js';
export { AnnotationStore, type Annotator, type AnnotationChoice, type Role } from './build/annotation-store.js';
export { aggregate, majority, type Aggregate, type PairOutcome } from './build/aggregate.js';
export { agreement, fleissKappa, krippendorffAlpha, type AgreementFigures } from './build/agreement.js';
export { exportBenchmark } from './build/export-benchmark.js';
export { exportTrainingData, verdictJson } from './build/export-train.js';
export { splitCases } from './build/train-split.js';
export { serveAnnotate, type AnnotateServer } from './server/annotate/serve-annotate.js';
