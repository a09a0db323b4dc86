import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { formatProblem } from '../dataset/data-problem.js';
import { resolveDatasetSource } from '../dataset/dataset-source.js';
import { REGISTERED_DATASETS } from '../dataset/registered-datasets.js';
import { checkDataset, type DatasetCheck } from '../dataset/validate-dataset.js';
import { downloadDataset, type DownloadProgress } from '../hub/download-dataset.js';
import { HubError } from '../hub/hub-api.js';
import { hubSettings, REPO_TYPES, type RepoType } from '../hub/hub-settings.js';
import { DIMENSIONS } from '../protocol/dimensions.js';
import { EXIT, UsageError } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { list, SAMPLE_DATA } from './options.js';

/** Cases per organ, label balance, and every problem; resolves to the exit code. */
function describe(ctx: CommandContext, check: DatasetCheck): number {
  for (const p of check.problems) ctx.stdout.write(`${formatProblem(p)}\n`);
  const organsLine = Object.entries(check.casesByOrgan).map(([o, n]) => `${o} ${n}`).join(', ');
  ctx.stderr.write(`${check.cases} valid case(s)${organsLine ? ` (${organsLine})` : ''}\n`);
  ctx.stderr.write(`label share of A: ${DIMENSIONS.map((d) => `${d} ${(100 * check.labelShareA[d]).toFixed(0)}%`).join(', ')}\n`);
  if (check.problems.length > 0) {
    ctx.stderr.write(`${check.problems.length} problem(s) in ${check.invalidCases.size} case(s)\n`);
    return EXIT.failed;
  }
  ctx.stderr.write('no problems\n');
  return EXIT.ok;
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function downloadDisplay(stream: NodeJS.WriteStream) {
  if (stream.isTTY) {
    const bars = new cliProgress.MultiBar({ stream, format: '{bar} {percentage}% | {label}', hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
    let file: cliProgress.SingleBar | undefined;
    let overall: cliProgress.SingleBar | undefined;
    let current = '';
    return {
      update(p: DownloadProgress) {
        overall ??= bars.create(p.totalBytes, 0, { label: '' });
        overall.update(p.doneBytes, { label: `all: ${p.filesDone}/${p.filesTotal} files, ${megabytes(p.doneBytes)} of ${megabytes(p.totalBytes)}` });
        if (p.file !== current) {
          file?.stop();
          file = bars.create(Math.max(1, p.fileTotal), 0, { label: p.file });
          current = p.file;
        }
        file!.update(p.fileBytes, { label: p.file });
      },
      stop: () => bars.stop(),
    };
  }
  let last = 0;
  return {
    update(p: DownloadProgress) {
      const now = Date.now();
      if (now - last < 2000 && p.filesDone < p.filesTotal) return;
      last = now;
      stream.write(`download: ${p.filesDone}/${p.filesTotal} files, ${megabytes(p.doneBytes)} of ${megabytes(p.totalBytes)} (${p.file})\n`);
    },
    stop() {},
  };
}

export function dataCommand(ctx: CommandContext): Command {
  const data = new Command('data').description('check, describe and download datasets');
  data
    .command('validate')
    .description('report every problem of a dataset (file, row, field); exit 1 if there is any')
    .argument('[path]', `dataset root, its pair_gt_all/ folder, one .parquet/.jsonl file, or ${Object.keys(REGISTERED_DATASETS).join(', ')}`, SAMPLE_DATA)
    .option('--organs <list>', 'only these organ systems, comma-separated')
    .action(async (path: string, raw: { organs?: string }) => {
      const organs = list(raw.organs);
      ctx.exit(describe(ctx, await checkDataset(resolveDatasetSource(path), organs ? { organs } : {})));
    });
  data
    .command('download')
    .description('download Med-RewardBench (or another repository) from the Hugging Face Hub into its cache, resumably and verified')
    .argument('[repo]', 'Hub repository', REGISTERED_DATASETS['med-rewardbench']!.repo)
    .option('--revision <rev>', 'branch, tag or commit', 'main')
    .addOption(new Option('--repo-type <type>', 'repository type').choices([...REPO_TYPES]).default('dataset'))
    .option('--dir <path>', 'cache directory (default: $HF_HUB_CACHE, or $HF_HOME/hub, or ~/.cache/huggingface/hub)')
    .option('--all', 'every file of the repository, not only the official layout', false)
    .option('--offline', 'use only the cache (also HF_HUB_OFFLINE=1)', false)
    .addHelpText('after', '\nHF_TOKEN is sent to the Hub for gated or private repositories; HF_ENDPOINT points at a mirror.\nAfter the download the data is validated; `--data med-rewardbench` then uses it.')
    .action(async (repo: string, raw: { revision: string; repoType: RepoType; dir?: string; all: boolean; offline: boolean }) => {
      if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new UsageError(`repository must look like owner/name, got ${repo}`);
      const settings = hubSettings(process.env, { ...(raw.dir ? { cacheDir: raw.dir } : {}), ...(raw.offline ? { offline: true } : {}) });
      const display = downloadDisplay(ctx.progressStream);
      let result;
      try {
        result = await downloadDataset(settings, { repo, type: raw.repoType, revision: raw.revision, all: raw.all }, (p) => display.update(p));
      } catch (error) {
        if (error instanceof HubError) {
          ctx.stderr.write(`error: ${error.message}\n`);
          return ctx.exit(EXIT.failed);
        }
        throw error;
      } finally {
        display.stop();
      }
      ctx.stderr.write(
        settings.offline
          ? `offline: using the cached snapshot ${result.snapshotDir}\n`
          : `${repo}@${result.commit.slice(0, 12)}: ${result.fetched} file(s) downloaded, ${result.alreadyCached} already cached, in ${result.snapshotDir}\n`,
      );
      if (!result.dataRoot) {
        ctx.stderr.write('no pair_gt_all/ folder in the download: nothing to validate\n');
        return ctx.exit(EXIT.ok);
      }
      ctx.stdout.write(`${result.dataRoot}\n`);
      const code = describe(ctx, await checkDataset(resolveDatasetSource(result.dataRoot)));
      if (repo === REGISTERED_DATASETS['med-rewardbench']!.repo && !raw.dir) ctx.stderr.write('use it with: mrb run --data med-rewardbench\n');
      return ctx.exit(code);
    });
  return data;
}
