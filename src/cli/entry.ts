import { main } from './main.js';
import { disablePretenuring } from './stage-memory.js';

disablePretenuring();

// `mrb runs | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv);
