import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeIdentity, toolVersion } from '../src/tool-version.js';
import { runCli } from './fakes/run-cli.js';

describe('the version and the identity of the code', () => {
  it("are package.json's version, which mrb --version prints", async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(toolVersion()).toBe(version);
    expect((await runCli(['--version'])).stdout.trim()).toBe(version);
  });

  it('adds a hash of the code to the version, the same for every call', () => {
    expect(codeIdentity()).toMatch(new RegExp(`^${toolVersion().replace(/\./g, '\\.')}\\+[0-9a-f]{12}$`));
    expect(codeIdentity()).toBe(codeIdentity());
  });
});
