import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MRB = fileURLToPath(new URL('../bin/mrb.js', import.meta.url));

// /proc counts CPU time in ticks of 1/100 s on every Linux build Node runs on.
const CLOCK_TICKS = 100;

export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * Runs a command to completion; wall time in ms, and from /proc (Linux; 0 elsewhere) the child's
 * peak RSS in MB and its CPU time (user + system, all threads) in ms, read every 20 ms until it
 * exits, so the last few milliseconds of CPU may be missing.
 */
export async function timed(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<{ ms: number; cpuMs: number; peakRssMb: number; code: number | null; stderr: string }> {
  const start = performance.now();
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let peak = 0;
  let cpuMs = 0;
  const poll = setInterval(async () => {
    try {
      const fs = await import('node:fs/promises');
      const [status, stat] = await Promise.all([fs.readFile(`/proc/${child.pid}/status`, 'utf8'), fs.readFile(`/proc/${child.pid}/stat`, 'utf8')]);
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
      // Fields 14 and 15 (utime, stime) in clock ticks, counted after the command name's closing bracket.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpuMs = Math.max(cpuMs, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS);
    } catch {
      // the process has just exited
    }
  }, 20);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(poll);
  return { ms: performance.now() - start, cpuMs, peakRssMb: peak, code, stderr };
}

export function writeResult(name: string, figures: unknown): void {
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`./results/${name}.json`, import.meta.url), JSON.stringify({ benchmark: name, node: process.version, date: new Date().toISOString(), ...(figures as object) }, null, 2) + '\n');
}

/** An OpenAI-compatible server on 127.0.0.1 that answers every request at once with the same verdict. */
export async function startInstantServer(): Promise<{ baseUrl: string; requests: () => number; reset: () => void; close: () => void }> {
  const { createServer } = await import('node:http');
  const reply = JSON.stringify({
    id: 'x', object: 'chat.completion', created: 0, model: 'bench',
    choices: [{ index: 0, message: { role: 'assistant', content: '{"accuracy":"A","relevance":"A","comprehensiveness":"B","creativity":"A","responsiveness":"A","overall":"A","reason":"bench"}' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1000, completion_tokens: 40, total_tokens: 1040 },
  });
  let requests = 0;
  const server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { baseUrl: `http://127.0.0.1:${port}/v1`, requests: () => requests, reset: () => (requests = 0), close: () => server.close() };
}
