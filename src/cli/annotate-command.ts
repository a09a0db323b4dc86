import { Command, Option } from 'commander';
import { AnnotationStore, ROLES, type Role } from '../build/annotation-store.js';
import { openBuildStore } from '../build/build-store.js';
import { defaultBuildStore } from './build-command.js';
import type { CommandContext } from './command-context.js';
import { flag, integer, positiveInt } from './options.js';

const DEFAULT_PORT = '8765';

const storeOption = () => new Option('--store <path>', 'the build store, a SQLite file (env MRB_BUILD_STORE)').default(defaultBuildStore());
const linkFor = (port: number, role: Role, token: string) => `http://127.0.0.1:${port}/${role === 'admin' ? 'admin' : 'annotate'}#token=${token}`;

export function annotateCommand(ctx: CommandContext): Command {
  const annotate = new Command('annotate')
    .description('the annotation web app: physicians label pairs on six dimensions')
    .addHelpText(
      'after',
      `
  mrb annotate serve                              # prints the admin link the first time
  mrb annotate add-annotator --name "Dr Lee"      # prints that person's personal link (once)
  mrb annotate assign --per-pair 3                # every pair to 3 annotators, spread evenly
Links carry a secret token after '#'; the store keeps only its SHA-256. Lost a link? mrb annotate new-link --name <name>.`,
    );

  annotate
    .command('serve')
    .description('serve the annotation app on 127.0.0.1 until Ctrl-C; every choice is saved the moment it is made')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', DEFAULT_PORT)
    .option('--no-tie', 'offer only A or B, no "equal" choice')
    .addOption(storeOption())
    .action(async (raw: { port: string; tie: boolean; store: string }) => {
      const { serveAnnotate } = await import('../server/annotate/serve-annotate.js');
      const store = await openBuildStore(raw.store);
      const annotations = new AnnotationStore(store.db);
      const server = await serveAnnotate(store, { port: flag('--port', integer, raw.port), allowTie: raw.tie });
      const port = Number(new URL(server.url).port);
      ctx.stderr.write(`annotation app on ${server.url}/annotate (Ctrl-C to stop)\n`);
      if (!(await annotations.annotators()).some((a) => a.role === 'admin')) {
        const { token } = await annotations.createAnnotator('admin', 'admin');
        // Shown once, on the terminal of whoever started the server; never written anywhere.
        ctx.stdout.write(`administrator link (keep it private, shown only now): ${linkFor(port, 'admin', token)}\n`);
      } else {
        ctx.stderr.write(`administrator page: ${server.url}/admin (lost the link? mrb annotate new-link --name admin)\n`);
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      await store.close();
    });

  annotate
    .command('add-annotator')
    .description('create a person with a personal secret link')
    .requiredOption('--name <name>', 'how the person is shown to the admin (annotators never see each other)')
    .addOption(new Option('--role <role>', 'annotator labels pairs; adjudicator settles split votes; admin manages the study').choices([...ROLES]).default('annotator'))
    .option('--port <n>', 'port the links should point at', DEFAULT_PORT)
    .addOption(storeOption())
    .action(async (raw: { name: string; role: Role; port: string; store: string }) => {
      const store = await openBuildStore(raw.store);
      try {
        const { annotator, token } = await new AnnotationStore(store.db).createAnnotator(raw.name, raw.role);
        ctx.stdout.write(`${annotator.name} (${annotator.role}): ${linkFor(flag('--port', positiveInt, raw.port), annotator.role, token)}\n`);
        ctx.stderr.write('send the link privately; it is shown only now (the store keeps a hash)\n');
      } finally {
        await store.close();
      }
    });

  annotate
    .command('new-link')
    .description('replace a person’s link (the old one stops working at once)')
    .requiredOption('--name <name>', 'the person')
    .option('--port <n>', 'port the link should point at', DEFAULT_PORT)
    .addOption(storeOption())
    .action(async (raw: { name: string; port: string; store: string }) => {
      const store = await openBuildStore(raw.store, { mustExist: true });
      try {
        const { annotator, token } = await new AnnotationStore(store.db).newToken(raw.name);
        ctx.stdout.write(`${annotator.name} (${annotator.role}): ${linkFor(flag('--port', positiveInt, raw.port), annotator.role, token)}\n`);
      } finally {
        await store.close();
      }
    });

  annotate
    .command('assign')
    .description('assign every pair to N annotators, spreading the work evenly; run again to top up after adding people or pairs')
    .option('--per-pair <n>', 'annotators per pair', '3')
    .addOption(storeOption())
    .action(async (raw: { perPair: string; store: string }) => {
      const store = await openBuildStore(raw.store, { mustExist: true });
      try {
        const r = await new AnnotationStore(store.db).assign(flag('--per-pair', positiveInt, raw.perPair));
        ctx.stdout.write(`${r.added} new assignment(s) over ${r.pairs} pair(s) and ${r.annotators} annotator(s)\n`);
      } finally {
        await store.close();
      }
    });

  annotate
    .command('list')
    .description('the people of the study and their progress')
    .addOption(storeOption())
    .action(async (raw: { store: string }) => {
      const store = await openBuildStore(raw.store, { mustExist: true });
      try {
        const annotations = new AnnotationStore(store.db);
        for (const a of await annotations.annotators()) {
          const tasks = await annotations.tasks(a.id);
          ctx.stdout.write(`${a.name}\t${a.role}\t${tasks.filter((t) => t.labelled === 6).length}/${tasks.length} pairs complete\n`);
        }
      } finally {
        await store.close();
      }
    });
  return annotate;
}
