import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Help, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/cli/command-context.js';
import { chosenCommand, COMMANDS } from '../../src/cli/command-index.js';
import { runCli } from '../fakes/run-cli.js';

const quiet = { write: () => true } as unknown as NodeJS.WriteStream;
const ctx: CommandContext = { stdout: quiet, stderr: quiet, progressStream: quiet, exit: () => {} };

async function loaded(): Promise<Command[]> {
  return Promise.all(COMMANDS.map(async (entry) => (await entry.load())(ctx)));
}

/** Every command and subcommand, as the words that call it. */
function paths(command: Command, path: string[] = [command.name()]): string[][] {
  return [path, ...command.commands.flatMap((sub) => paths(sub, [...path, sub.name()]))];
}

describe('the index of commands', () => {
  it('says of each command what its module says: name, usage line and description', async () => {
    const help = new Help();
    const commands = await loaded();
    for (const [i, entry] of COMMANDS.entries()) {
      const command = commands[i]!;
      expect(command.name()).toBe(entry.name);
      expect(help.subcommandTerm(command)).toBe(`${entry.name}${entry.usage ? ` ${entry.usage}` : ''}`);
      expect(command.description()).toBe(entry.description);
    }
  });

  it('lists every command in mrb --help, each with its usage line', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const entry of COMMANDS) expect(stdout).toContain(`\n  ${entry.name}${entry.usage ? ` ${entry.usage}` : ''} `);
    expect(stdout).toContain('\n  help [command] ');
  });

  it("gives every command's and subcommand's help, with all its options, whether asked with --help or help", async () => {
    for (const command of await loaded()) {
      for (const path of paths(command)) {
        const { code, stdout, stderr } = await runCli([...path, '--help']);
        expect(code, `mrb ${path.join(' ')} --help: ${stderr}`).toBe(0);
        expect(stdout).toContain(`Usage: mrb ${path.join(' ')} `);
        const described = path.slice(1).reduce((c, name) => c.commands.find((s) => s.name() === name)!, command);
        for (const option of described.options) expect(stdout, `mrb ${path.join(' ')} --help`).toContain(option.flags);
      }
      expect((await runCli(['help', command.name()])).stdout).toContain(`Usage: mrb ${command.name()} `);
    }
  });

  it('keeps the exit codes of mistakes made before any command runs', async () => {
    const unknown = await runCli(['nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown command 'nope'");
    expect((await runCli([])).code).toBe(2);
    expect((await runCli(['--nope', 'runs'])).code).toBe(2);
    expect((await runCli(['status'])).stderr).toContain("error: missing required argument 'run-id'");
  });

  it('chooses the command commander will dispatch to, and none when it dispatches to none', () => {
    expect(chosenCommand(['run', '--data', 'x'])).toBe('run');
    expect(chosenCommand(['data', 'validate', 'x'])).toBe('data');
    expect(chosenCommand(['help', 'status'])).toBe('status');
    expect(chosenCommand(['--', 'help', 'view'])).toBe('view');
    expect(chosenCommand(['--', 'runs'])).toBe('runs');
    expect(chosenCommand(['help'])).toBeUndefined();
    expect(chosenCommand([])).toBeUndefined();
    // mrb's own -h and -V answer at once; after an unknown option commander reports it instead.
    expect(chosenCommand(['-h', 'run'])).toBeUndefined();
    expect(chosenCommand(['--version', 'run'])).toBeUndefined();
    expect(chosenCommand(['--store', 'x', 'runs'])).toBeUndefined();
  });
});

describe('what mrb imports before it has chosen a command', () => {
  // Followed through static imports only: a dynamic import() is what keeps a module off start-up.
  const RUNTIME_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\bfrom\s*)?['"]([^'"]+)['"]/gm;

  function startUpImports(entry: string): { modules: Set<string>; packages: Set<string> } {
    const modules = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (modules.has(file)) return;
      modules.add(file);
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(RUNTIME_IMPORT)) {
        if (spec!.startsWith('.')) visit(fileURLToPath(new URL(spec!.replace(/\.js$/, '.ts'), `file://${file}`)));
        else if (!spec!.startsWith('node:')) packages.add(spec!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!);
      }
    };
    visit(fileURLToPath(new URL(`../../src/cli/${entry}`, import.meta.url)));
    return { modules, packages };
  }

  it('is commander and a few small modules: no command, no other package', () => {
    const { modules, packages } = startUpImports('entry.ts');
    expect([...packages]).toEqual(['commander']);
    expect([...modules].filter((m) => m.endsWith('-command.ts'))).toEqual([]);
    // 22 today; far more means a static import has pulled part of the library back in.
    expect(modules.size).toBeLessThan(40);
  });
});
