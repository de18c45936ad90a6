import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { connectLines, LineError } from '../src/index.ts';
import { client, later, scripted, uncaughtDuring, useSockets } from './helpers.ts';

useSockets();

describe('3. A line client', () => {
  it('connects to 127.0.0.1 when no host is given', async () => {
    const port = await scripted((s) => s.write('hi\r\n'));
    const c = await connectLines(port);
    later(() => c.close());
    expect(c.socket.remoteAddress, hint(3, "host = '127.0.0.1'")).toBe('127.0.0.1');
    expect(await c.readLine()).toBe('hi');
  });

  it('times a readLine() without argument out after options.timeoutMs, not the default 5 s', async () => {
    const port = await scripted(() => {});
    const c = await client(port, { timeoutMs: 50 });
    await expectRejectCode(
      c.readLine(),
      LineError,
      'ERR_READ_TIMEOUT',
      hint(3, 'options.timeoutMs ?? 5000'),
    );
  }, 2_500);

  it('rejects with ERR_CONNECTION_CLOSED when the server resets the connection', async () => {
    const port = await scripted((s) => {
      s.write('hello\r\n');
      s.once('data', () => s.resetAndDestroy());
    });
    const uncaught = await uncaughtDuring(async () => {
      const c = await client(port, { timeoutMs: 3_000 });
      expect(await c.readLine()).toBe('hello');
      c.send('go');
      await expectRejectCode(
        c.readLine(),
        LineError,
        'ERR_CONNECTION_CLOSED',
        hint(3, "a reset closes without 'end': listen for 'close' (and 'error') too"),
      );
    });
    expect(uncaught, hint(3, "keep an 'error' listener once connected")).toEqual([]);
  });

  it('close() destroys the connection', async () => {
    const port = await scripted(() => {});
    const c = await client(port, { timeoutMs: 3_000 });
    c.close();
    expect(c.socket.destroyed, hint(3, 'close() is socket.destroy()')).toBe(true);
    await expectRejectCode(c.readLine(), LineError, 'ERR_CONNECTION_CLOSED');
  });

  it('send() after end() sends nothing and returns false', async () => {
    const port = await scripted((s) => s.on('data', () => {}));
    const c = await client(port);
    c.end();
    expect(c.send('late'), hint(3, 'nothing can be written after end()')).toBe(false);
  });

  it('can still send after the server has ended its side (half-open)', async () => {
    const received: Buffer[] = [];
    let clientEnded = (): void => {};
    const ended = new Promise<void>((resolve) => {
      clientEnded = resolve;
    });
    const port = await scripted((s) => {
      s.on('data', (d: Buffer) => received.push(d));
      s.on('end', () => clientEnded());
      s.end('bye\r\n');
    });
    const c = await client(port, { timeoutMs: 3_000 });
    expect(await c.readLine()).toBe('bye');
    await expectRejectCode(c.readLine(), LineError, 'ERR_CONNECTION_CLOSED');
    expect(c.send('late'), hint(3, 'connect with allowHalfOpen: true')).toBe(true);
    c.end();
    await ended;
    expect(Buffer.concat(received).toString()).toBe('late\r\n');
  });
});
