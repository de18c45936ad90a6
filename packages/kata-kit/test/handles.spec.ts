import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { activeHandles, handleCensus, handlesBeyond, settledHandles } from '../src/handles.ts';

const KINDS = ['TCPServerWrap', 'Timeout'];
const listen = (): Promise<Server> =>
  new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => done(server));
  });

describe('handles', () => {
  it('counts a listening server and a timer beyond the baseline, and nothing once they are gone', async () => {
    const baseline = handleCensus(KINDS);
    expect(handlesBeyond(baseline)).toEqual([]);
    const servers = [await listen(), await listen()];
    const timer = setTimeout(() => {}, 60_000);
    expect(activeHandles('TCPServerWrap')).toBe((baseline.TCPServerWrap ?? 0) + 2);
    expect(handlesBeyond(baseline)).toEqual(['2 × TCPServerWrap', '1 × Timeout']);
    clearTimeout(timer);
    for (const server of servers) server.close();
    expect(await settledHandles(baseline)).toEqual([]);
  });

  it('gives up after its wait and returns what is still held', async () => {
    const baseline = handleCensus(KINDS);
    const server = await listen();
    try {
      expect(await settledHandles(baseline, 50)).toEqual(['1 × TCPServerWrap']);
    } finally {
      server.close();
    }
  });

  it('ignores kinds outside the census', async () => {
    const baseline = handleCensus(['UDPWrap']);
    const server = await listen();
    try {
      expect(handlesBeyond(baseline)).toEqual([]);
    } finally {
      server.close();
    }
  });
});
