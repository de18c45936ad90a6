import { createServer } from 'node:net';
import { expectRejectClass, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { LineClient, ROOT, SERVE, useNoLeftovers, useServices } from './support.ts';

const start = useServices();
useNoLeftovers();

describe('4. Processes', () => {
  it('processes: on a port in use, serveProcesses rejects and leaves no worker process', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      await expectRejectClass(
        SERVE.processes({ root: ROOT, port, poolSize: 1 }),
        Error,
        hint(4, "a worker that exits before 'listening' fails the start; end the others"),
      );
    } finally {
      await new Promise((r) => taken.close(r));
    }
  }, 60_000);

  it('processes: close() kills a worker that overstays shutdownTimeoutMs; its request is lost', async () => {
    const service = await start('processes', { poolSize: 1, shutdownTimeoutMs: 300 });
    const client = await LineClient.open(service.port);
    await client.send('PING');
    expect(await client.reply()).toBe('OK PONG');
    await client.send('SLEEP 9000');
    await new Promise((r) => setTimeout(r, 300));
    await service.close();
    expect(
      await client.untilClose(30_000).catch(() => ''),
      hint(5, 'past shutdownTimeoutMs, SIGKILL the worker: close() always ends'),
    ).toBe('');
  }, 60_000);
});
