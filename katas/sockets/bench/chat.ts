/**
 * `npm start`: your chat server on 127.0.0.1:7000 (PORT=… to change), for the README's lab.
 * Ctrl-C shuts it down gracefully.
 */
import { createChatServer } from '../src/index.ts';

const port = Number(process.env.PORT ?? 7000);
const server = createChatServer({ idleTimeoutMs: 10 * 60_000 });
server.listen(port, '127.0.0.1', () => {
  console.log(
    `chat on 127.0.0.1:${port}: nc -C 127.0.0.1 ${port}  (NICK you, MSG hello, NAMES, QUIT)`,
  );
});
process.once('SIGINT', () => {
  console.log('\nshutting down…');
  void server.shutdown(2_000).then(() => process.exit(0));
});
