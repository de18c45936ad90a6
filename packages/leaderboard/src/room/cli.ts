/**
 * npm run room -- [--folders DIR]… [--git REMOTE]… [--state .room] [--kata SLUG]…
 *                 [--port 8080] [--host 127.0.0.1] [--poll 15] [--title T]
 *
 * The offline room: grades every participant's checkout (a subfolder of --folders) or pushed
 * branch (of --git, a path or URL) on this machine with `npm run grade`, whenever it changes, and
 * serves the board of the results it sealed — nothing else is ranked. Sealed results are ranked
 * even when graded without the sandbox (no bwrap on this machine): the room trusts its own seal.
 * Copy-check pairs are in the instructor's view (`?view=table`) and copies.csv.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { serve, wholeNumber } from '../serve.ts';
import { openRoom } from './room.ts';

export async function main(argv: string[]): Promise<number> {
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
  const program = new Command()
    .name('npm run room --')
    .description(
      "The offline room: grade every participant's checkout or pushed branch on this machine whenever it changes, seal the results, and serve the board of what it sealed.",
    )
    .option('--folders <dir>', 'a folder with one subfolder per participant (repeatable)', collect)
    .option(
      '--git <remote>',
      'a repository with one branch per participant, path or URL (repeatable)',
      collect,
    )
    .option('--state <dir>', "the room's state: mirror, results, key", '.room')
    .option(
      '--kata <slug>',
      'grade only this kata (repeatable; default: every available kata)',
      collect,
    )
    .option('--port <n>', 'port of the board', wholeNumber('--port', 0, 65535), 8080)
    .option('--host <host>', 'address of the board', '127.0.0.1')
    .option('--poll <s>', 'seconds between looks for new work', wholeNumber('--poll', 1, 3600), 15)
    .option('--title <text>', 'title of the page')
    .showHelpAfterError('(run with --help for usage)');
  program.parse(argv, { from: 'user' });
  const values = program.opts<{
    folders?: string[];
    git?: string[];
    state: string;
    kata?: string[];
    port: number;
    host: string;
    poll: number;
    title?: string;
  }>();
  if (!values.folders && !values.git) {
    program.error('error: give participants to grade: --folders DIR or --git REMOTE (or both)');
  }
  const poll = values.poll;
  const room = openRoom({
    state: resolve(cwd, values.state),
    folders: (values.folders ?? []).map((f) => resolve(cwd, f)),
    // A remote that is a local path is resolved; URLs are passed as they are.
    remotes: (values.git ?? []).map((g) => (/^[a-z]+:\/\//.test(g) ? g : resolve(cwd, g))),
    ...(values.kata ? { katas: values.kata } : {}),
  });
  const serving = await serve({
    folder: room.results,
    port: values.port,
    host: values.host,
    refreshSeconds: 10,
    verify: room.verify,
    // The room ranks only the files it graded and sealed itself. Its grader uses the bubblewrap
    // sandbox where bwrap works (Linux); on a laptop without it the results say sandbox: false,
    // and the seal, not the sandbox, is what the room trusts: so its own files may be unsandboxed.
    allowUnsandboxed: true,
    copies: room.copies,
    ...(values.title === undefined ? {} : { title: values.title }),
  });
  console.log(
    `room: serving the board at ${serving.url} (instructor's view: ${serving.url}?view=table)`,
  );
  let busy = false;
  const round = async () => {
    if (busy) return;
    busy = true;
    try {
      if ((await room.tick()) > 0) serving.check(true);
    } catch (error) {
      console.error(`room: ${(error as Error).message}`);
    } finally {
      busy = false;
    }
  };
  await round();
  serving.check(true);
  const timer = setInterval(round, poll * 1000);
  const stop = (): void => {
    clearInterval(timer);
    void serving.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
