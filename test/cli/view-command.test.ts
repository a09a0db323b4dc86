import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../fakes/fixture-dataset.js';
import { runCli, spawnCli } from '../fakes/run-cli.js';

describe('mrb view', () => {
  it('serves the store on 127.0.0.1, prints the URL, and stops on SIGTERM', async () => {
    const work = tempDir();
    const store = join(work, 's.sqlite');
    expect((await runCli(['run', '--judge', 'baseline:always-a', '--organs', 'eye', '--store', store, '--out', join(work, 'out'), '--resamples', '20'])).code).toBe(0);
    const child = spawnCli(['view', '--store', store, '--port', '0'], { cwd: work });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const runs = await (await fetch(`${url}api/runs`)).json();
    expect(runs.runs[0].judges).toEqual(['baseline:always-a']);
    const page = await fetch(url);
    expect(await page.text()).toContain('<script type="module" src="/assets/app.js">');
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('names a missing store and a bad port, exit 2', async () => {
    const store = join(tempDir(), 'none.sqlite');
    const missing = await runCli(['view', '--store', store, '--port', '0']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`no store at ${store}`);
    const port = await runCli(['view', '--store', store, '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port: expected 0 to 65535');
  });
});
