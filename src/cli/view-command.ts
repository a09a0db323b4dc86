import { spawn } from 'node:child_process';
import { Command } from 'commander';
import { EXIT, UsageError } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { defaultStore, flag, integer } from './options.js';

/** Asks the desktop to open `url`; a failure only means the user opens it by hand. */
function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // Printed URL is enough.
  }
}

export function viewCommand(ctx: CommandContext): Command {
  return new Command('view')
    .description('browse runs, cases and every verdict in a local web viewer (127.0.0.1); follows runs in progress')
    .option('--store <path>', 'SQLite store (env MRB_STORE)', defaultStore())
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', '8765')
    .option('--open', 'open the viewer in the default browser', false)
    .option('--run <id>', 'start on this run')
    .addHelpText('after', '\nThe viewer only reads the store, and answers only on 127.0.0.1. Stop it with Ctrl-C.')
    .action(async (raw: { store: string; port: string; open: boolean; run?: string }) => {
      const port = flag('--port', integer, raw.port);
      if (port < 0 || port > 65535) throw new UsageError(`--port: expected 0 to 65535 (got ${raw.port})`);
      // Loaded here: the server's modules are not needed by any other command.
      const { startViewer } = await import('../server/viewer/start-viewer.js');
      const viewer = await startViewer({ storePath: raw.store, port });
      const url = raw.run ? `${viewer.url}#/run/${encodeURIComponent(raw.run)}` : viewer.url;
      ctx.stdout.write(`${url}\n`);
      ctx.stderr.write(`viewer of ${raw.store} at ${url} (Ctrl-C stops it)\n`);
      if (raw.open) openBrowser(url);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await viewer.close();
      ctx.exit(EXIT.ok);
    });
}
