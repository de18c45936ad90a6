/**
 * Project check (not scored): the reference SNTP client against chronyd from Debian (package
 * chrony), serving its own clock as a local stratum-8 source on 127.0.0.1 at a high port. chronyd
 * is started with -x (never touches the system clock), -d (foreground), its pid, drift and
 * socket files in a temp dir, and drops root to nobody (uid 65534) with -u; stopped after.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { accessSync, chmodSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePacket, encodePacket, getTime, query, unixNsToNtp } from '../src/index.ts';

const NS = 1_000_000_000n;
const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const chronyd = ['/usr/sbin/chronyd', '/sbin/chronyd'].find(executable);
const wall = (): bigint => BigInt(Date.now()) * 1_000_000n;

interface Daemon {
  port: number;
  dir: string;
  child: ChildProcess;
  log: string[];
}

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function startChronyd(extra: string[] = []): Promise<Daemon> {
  const dir = mkdtempSync(join(tmpdir(), 'hbu-chronyd-'));
  chmodSync(dir, 0o777);
  const port = await freeUdpPort();
  const conf = join(dir, 'chrony.conf');
  writeFileSync(
    conf,
    [
      `port ${port}`,
      'bindaddress 127.0.0.1',
      'local stratum 8',
      'allow 127.0.0.1',
      'cmdport 0',
      `pidfile ${join(dir, 'chronyd.pid')}`,
      `driftfile ${join(dir, 'drift')}`,
      ...extra,
      '',
    ].join('\n'),
  );
  chmodSync(conf, 0o644);
  // -u drops root to nobody once the socket is bound; as non-root chronyd just runs as us.
  const asUser = process.getuid?.() === 0 ? ['-u', 'nobody'] : [];
  const child = spawn(chronyd!, ['-x', '-d', '-f', conf, ...asUser], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  child.stdout?.on('data', (d: Buffer) => log.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  const daemon = { port, dir, child, log };
  // Ready when it answers.
  await query({ host: '127.0.0.1', port, timeoutMs: 300, retries: 20 }).catch((error: unknown) => {
    throw new Error(`chronyd did not answer: ${String(error)}\n${log.join('')}`);
  });
  return daemon;
}

async function stop(d: Daemon | undefined): Promise<void> {
  if (!d) return;
  if (d.child.exitCode === null) {
    const exited = new Promise((r) => d.child.once('exit', r));
    d.child.kill('SIGTERM');
    await exited;
  }
  rmSync(d.dir, { recursive: true, force: true });
}

/** One raw exchange: our encoded request, chronyd's bytes back. */
async function rawExchange(port: number, request: Uint8Array): Promise<Uint8Array> {
  const s = createSocket('udp4');
  try {
    return await new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reply')), 3_000);
      s.on('message', (m) => {
        clearTimeout(timer);
        resolve(new Uint8Array(m));
      });
      s.send(request, port, '127.0.0.1');
    });
  } finally {
    s.close();
  }
}

describe.skipIf(chronyd === undefined)(
  'reference ntp client against chronyd (local stratum 8)',
  () => {
    let d: Daemon | undefined;
    beforeAll(async () => {
      d = await startChronyd();
    });
    afterAll(async () => {
      await stop(d);
    });
    const opts = () => ({ host: '127.0.0.1', port: d!.port, timeoutMs: 2_000, retries: 2 });

    it('answers a query: mode 4, NTPv4, stratum 8, reference id 127.127.1.1, leap 0', async () => {
      const s = await query(opts());
      expect([
        s.packet.mode,
        s.packet.version,
        s.packet.stratum,
        s.packet.referenceId,
        s.packet.leap,
      ]).toEqual([4, 4, 8, '127.127.1.1', 0]);
    });

    it('measures an offset under a second against our own clock (chronyd serves the same clock)', async () => {
      const s = await query(opts());
      expect(s.offsetNs < NS && s.offsetNs > -NS).toBe(true);
      expect(s.delayNs >= 0n && s.delayNs < NS).toBe(true);
    });

    it('sees a clock 10 s fast as an offset of about −10 s', async () => {
      const s = await query({ ...opts(), clock: () => wall() + 10n * NS });
      expect(s.offsetNs > -11n * NS && s.offsetNs < -9n * NS).toBe(true);
    });

    it('resolves eras against t1: a client clock in 2040 sees chronyd about 14 years behind', async () => {
      const shift = BigInt(Date.UTC(2040, 0, 1) - Date.now()) * 1_000_000n;
      const s = await query({ ...opts(), clock: () => wall() + shift });
      const diff = s.offsetNs + shift;
      expect(diff > -NS && diff < NS).toBe(true);
    });

    it('answers an NTPv3 request with version 3', async () => {
      const s = await query({ ...opts(), version: 3 });
      expect(s.packet.version).toBe(3);
    });

    it('takes four samples and picks the lowest delay', async () => {
      const r = await getTime({ ...opts(), samples: 4 });
      expect(r.samples).toHaveLength(4);
      expect(r.samples.every((s) => s.delayNs >= r.best.delayNs)).toBe(true);
    });

    it('codec: chronyd’s reply bytes decode and re-encode to the same 48 bytes; origin = our transmit', async () => {
      const transmit = unixNsToNtp(wall());
      const zero = { seconds: 0, fraction: 0 };
      const request = encodePacket({
        leap: 0,
        version: 4,
        mode: 3,
        stratum: 0,
        poll: 0,
        precision: 0,
        rootDelay: 0,
        rootDispersion: 0,
        referenceId: '',
        referenceTimestamp: zero,
        originTimestamp: zero,
        receiveTimestamp: zero,
        transmitTimestamp: transmit,
      });
      const raw = await rawExchange(d!.port, request);
      const packet = decodePacket(raw);
      expect(Buffer.from(encodePacket(packet)).toString('hex')).toBe(
        Buffer.from(raw.subarray(0, 48)).toString('hex'),
      );
      expect(packet.originTimestamp).toEqual(transmit);
    });
  },
);

describe.skipIf(chronyd !== undefined)('chronyd', () => {
  it.skip('is not installed: apt-get install chrony (the project check of the ntp reference needs it)', () => {});
});
