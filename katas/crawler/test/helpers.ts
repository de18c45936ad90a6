/**
 * Shared by the crawler specs: an Agent per test (closed after it), raw TCP servers for the
 * responses node:http will not send, and JSON of the echo handler.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { listen, type RunningServer, useSocketHarness } from '@hbu/kata-kit/socket-harness';
import { afterEach } from 'vitest';
import { Agent, type AgentOptions, type ClientResponse } from '../src/index.ts';
import { useSite } from './site.ts';

export * from './site.ts';

const agents: Agent[] = [];

/** Registers the site and socket harness cleanups, and returns `agent()` for a fresh pool. */
export function useFixtures(): { agent: (options?: AgentOptions) => Agent } {
  useSite();
  useSocketHarness(afterEach);
  afterEach(() => {
    for (const a of agents.splice(0)) {
      try {
        a.close();
      } catch {
        // a stub agent
      }
    }
  });
  return {
    agent: (options) => {
      const a = new Agent(options);
      agents.push(a);
      return a;
    },
  };
}

/**
 * A raw TCP server: `respond(socket, requestHead)` is called for every request head received
 * (the bytes up to CRLF CRLF); what it writes is what the client reads.
 */
export function rawServer(
  respond: (socket: Socket, head: string, index: number) => void,
): Promise<RunningServer> {
  return listen(
    (): Server =>
      createServer((socket) => {
        let buffered = '';
        let count = 0;
        socket.on('data', (chunk) => {
          buffered += chunk.toString('latin1');
          for (
            let end = buffered.indexOf('\r\n\r\n');
            end >= 0;
            end = buffered.indexOf('\r\n\r\n')
          ) {
            const head = buffered.slice(0, end);
            buffered = buffered.slice(end + 4);
            respond(socket, head, count++);
          }
        });
        socket.on('error', () => {});
      }),
  );
}

/** The echo handler's JSON. */
export function echoed(res: ClientResponse): {
  method: string;
  target: string;
  headers: Record<string, string>;
  body: string;
} {
  return JSON.parse(new TextDecoder().decode(res.body));
}

/** An origin with nothing listening (a server started and closed). */
export async function deadOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}
