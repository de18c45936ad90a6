/**
 * The bench's SMTP server: smtp-server on 127.0.0.1, in its own process so that the clients
 * compared do not share a CPU with it. Prints "listening <port>", counts messages, reads them
 * fully (as a real server would) and accepts them.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const portArg = process.argv.indexOf('--port');
const port = portArg === -1 ? 0 : Number(process.argv[portArg + 1]);

const server = new SMTPServer({
  logger: false,
  disabledCommands: ['AUTH', 'STARTTLS'],
  authOptional: true,
  size: 10 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => callback());
  },
});
server.listen(port, '127.0.0.1', () => {
  console.log(`listening ${(server.server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
