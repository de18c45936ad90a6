/**
 * The reference resolver against a real DNS server: dnsmasq (Debian dnsmasq-base) serving a
 * test zone on 127.0.0.1, a free high port, UDP and TCP, as uid 65534 (`--user=nobody`: dnsmasq
 * drops its privileges itself once the socket is bound). A, AAAA, MX, TXT, SRV, CNAME, a
 * wildcard, NXDOMAIN, NODATA, and a TXT set too big for 512 octets that forces TC and the TCP
 * retry. Skipped, with the reason, when dnsmasq is not installed (`.ci/run` installs it).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode, query, Resolver } from '../src/index.ts';
import { overUdp } from '../src/transport.ts';

function findDnsmasq(): string | undefined {
  for (const path of ['/usr/sbin/dnsmasq', '/usr/bin/dnsmasq']) {
    try {
      execFileSync(path, ['--version'], { stdio: 'ignore' });
      return path;
    } catch {
      // not there
    }
  }
  return undefined;
}
const dnsmasq = findDnsmasq();
if (dnsmasq === undefined) {
  console.warn('dns checks skipped: dnsmasq is not installed (Debian package dnsmasq-base)');
}

/** A port free for both UDP and TCP on 127.0.0.1. */
async function freePort(): Promise<number> {
  for (;;) {
    const udp = createSocket('udp4');
    const port = await new Promise<number>((resolve) =>
      udp.bind(0, '127.0.0.1', () => resolve(udp.address().port)),
    );
    const tcp = createServer();
    const ok = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (ok) {
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      return port;
    }
  }
}

const BIG = Array.from({ length: 4 }, (_, i) => `${i}${'x'.repeat(199)}`);
let dir: string;
let child: ChildProcess | undefined;
let port: number;

beforeAll(async () => {
  if (dnsmasq === undefined) return;
  dir = mkdtempSync(join(tmpdir(), 'hbu-dnsmasq-'));
  port = await freePort();
  const args = [
    '--keep-in-foreground',
    '--conf-file=/dev/null',
    `--pid-file=${join(dir, 'dnsmasq.pid')}`,
    `--port=${port}`,
    '--listen-address=127.0.0.1',
    '--bind-interfaces',
    '--no-resolv',
    '--no-hosts',
    '--no-dhcp-interface=lo',
    ...(process.getuid?.() === 0 ? ['--user=nobody', '--group=nogroup'] : []),
    '--local=/zone.test/',
    '--host-record=www.zone.test,192.0.2.10,2001:db8::10',
    '--host-record=mx.zone.test,192.0.2.25',
    '--mx-host=zone.test,mx.zone.test,10',
    // On the command line the strings are not quoted (quotes are for the config file).
    '--txt-record=zone.test,v=spf1 -all,second string',
    `--txt-record=big.zone.test,${BIG.join(',')}`,
    // Local records have TTL 0 by default: nothing would be cached.
    '--local-ttl=60',
    '--srv-host=_imap._tcp.zone.test,www.zone.test,143,0,1',
    '--cname=alias.zone.test,www.zone.test',
    '--address=/wild.zone.test/192.0.2.77',
  ];
  child = spawn(dnsmasq, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  // Ready when it answers.
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) throw new Error(`dnsmasq exited: ${stderr}`);
    try {
      await query('www.zone.test', 'A', {
        server: { address: '127.0.0.1', port },
        timeout: 100,
        retries: 0,
      });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`dnsmasq did not answer: ${stderr}`);
});

afterAll(async () => {
  if (child !== undefined && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const resolver = () =>
  new Resolver({ server: { address: '127.0.0.1', port }, timeout: 1000, retries: 2 });
const data = (records: object[]) => records.map((r) => ('data' in r ? r.data : undefined));

describe.skipIf(dnsmasq === undefined)('dns reference resolver against dnsmasq', () => {
  it('resolves A and AAAA', async () => {
    const r = resolver();
    expect(data((await r.resolve('www.zone.test', 'A')).answers)).toEqual(['192.0.2.10']);
    expect(data((await r.resolve('www.zone.test', 'AAAA')).answers)).toEqual(['2001:db8::10']);
  });

  it('resolves MX, TXT with two strings, and SRV', async () => {
    const r = resolver();
    expect(data((await r.resolve('zone.test', 'MX')).answers)).toEqual([
      { preference: 10, exchange: 'mx.zone.test' },
    ]);
    expect(data((await r.resolve('zone.test', 'TXT')).answers)).toEqual([
      ['v=spf1 -all', 'second string'],
    ]);
    expect(data((await r.resolve('_imap._tcp.zone.test', 'SRV')).answers)).toEqual([
      { priority: 0, weight: 1, port: 143, target: 'www.zone.test' },
    ]);
  });

  it('follows a CNAME', async () => {
    const res = await resolver().resolve('alias.zone.test');
    expect(res.cnames).toEqual(['www.zone.test']);
    expect(data(res.answers)).toEqual(['192.0.2.10']);
  });

  it('resolves any name under a wildcard domain', async () => {
    const r = resolver();
    expect(data((await r.resolve('a.wild.zone.test')).answers)).toEqual(['192.0.2.77']);
    expect(data((await r.resolve('x.y.wild.zone.test')).answers)).toEqual(['192.0.2.77']);
  });

  it('tells NXDOMAIN from NODATA', async () => {
    const r = resolver();
    expect((await r.resolve('nope.zone.test')).status).toBe('NXDOMAIN');
    expect((await r.resolve('mx.zone.test', 'AAAA')).status).toBe('NODATA');
  });

  it('gets the big TXT set over TCP after a truncated UDP answer', async () => {
    const res = await resolver().resolve('big.zone.test', 'TXT');
    expect(data(res.answers)).toEqual([BIG]);
  });

  it('sees TC set on the UDP answer with EDNS off, and a full answer with a 4096 payload', async () => {
    // Without OPT the limit is 512 octets: query() goes to TCP; with 4096, UDP is enough.
    const server = { address: '127.0.0.1', port };
    const ask = encode({
      id: 77,
      flags: {
        qr: false,
        opcode: 0,
        aa: false,
        tc: false,
        rd: true,
        ra: false,
        z: false,
        ad: false,
        cd: false,
        rcode: 0,
      },
      questions: [{ name: 'big.zone.test', type: 'TXT', class: 'IN' }],
      answers: [],
      authorities: [],
      additionals: [],
    });
    const udpOnly = await overUdp(ask, server, 1000, (m) => m.id === 77);
    expect(udpOnly?.flags.tc, 'dnsmasq truncates a TXT set over 512 octets').toBe(true);
    const viaTcp = await query('big.zone.test', 'TXT', { server });
    const viaUdp = await query('big.zone.test', 'TXT', { server, udpPayloadSize: 4096 });
    expect([viaTcp.flags.tc, viaUdp.flags.tc]).toEqual([false, false]);
    expect(viaUdp.answers).toEqual(viaTcp.answers);
  });

  it('answers the second time from the cache', async () => {
    const r = resolver();
    await r.resolve('www.zone.test');
    expect((await r.resolve('www.zone.test')).fromCache).toBe(true);
  });
});
