/**
 * The DNS server the specs talk to: UDP and TCP on 127.0.0.1, the same port, built on
 * dns-packet (a production codec from npm), never on your code. Each test tells it what to
 * do with every query: answer from a zone, answer late, drop, truncate, or send spoofed
 * replies first. It records every query it receives (id, source port, transport).
 *
 * Every server started through `useDnsServers(afterEach)` is closed after each test, with
 * its timers; `openHandles()` lets an afterAll check that nothing was left behind.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import * as dnsPacket from 'dns-packet';

export type Answer = dnsPacket.Answer;
export type Packet = dnsPacket.Packet;

/** A query as the server saw it. */
export interface Seen {
  id: number;
  name: string;
  type: string;
  /** The client's source port. */
  port: number;
  transport: 'udp' | 'tcp';
  rd: boolean;
  /** The OPT record's UDP payload size, when the query had one. */
  udpPayloadSize?: number;
  /** The raw query. */
  bytes: Buffer;
}

/** One datagram (or TCP message) to send back, maybe later. */
export interface Outgoing {
  bytes: Buffer;
  delayMs?: number;
}

/** Decides what to send for a query; `[]` drops it. */
export type Handler = (query: dnsPacket.DecodedPacket, seen: Seen, count: number) => Outgoing[];

export interface DnsServer {
  address: string;
  port: number;
  /** Every query received, in order. */
  queries: Seen[];
  close(): Promise<void>;
}

const live = new Set<DnsServer>();

/** Servers still open (for an afterAll leak check). */
export function openHandles(): number {
  return live.size;
}

/** Encodes a reply to `query`: same id, QR set, the question echoed, RD copied, RA set. */
export function reply(
  query: dnsPacket.DecodedPacket,
  fields: Partial<Packet> & { rcode?: number; tc?: boolean } = {},
): Buffer {
  let flags = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
  flags |= dnsPacket.RECURSION_AVAILABLE;
  if (fields.tc === true) flags |= dnsPacket.TRUNCATED_RESPONSE;
  flags |= fields.rcode ?? 0;
  const { rcode: _rcode, tc: _tc, ...rest } = fields;
  const packet: Packet = {
    id: query.id ?? 0,
    type: 'response',
    flags: fields.flags ?? flags,
    questions: query.questions ?? [],
    answers: [],
    authorities: [],
    additionals: [],
    ...rest,
  };
  return dnsPacket.encode(packet);
}

/** Zone data: records by name; a CNAME is followed inside the zone, like a recursive server. */
export interface ZoneOptions {
  /** Follow CNAMEs inside the zone (default true). */
  chase?: boolean;
  /** The SOA in negative answers (default: TTL 300, minimum 60). */
  soa?: { ttl: number; minimum: number } | false;
  /** Set TC and leave the answers out over UDP; answer fully over TCP. */
  truncateUdp?: boolean;
}

export const ZONE_SOA = (ttl: number, minimum: number): Answer => ({
  name: 'test',
  type: 'SOA',
  ttl,
  data: {
    mname: 'ns.test',
    rname: 'hostmaster.test',
    serial: 1,
    refresh: 3600,
    retry: 600,
    expire: 86400,
    minimum,
  },
});

/** A handler answering from `records`: NOERROR, NODATA or NXDOMAIN (with an SOA). */
export function zone(records: Answer[], options: ZoneOptions = {}): Handler {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  return (query, seen) => {
    const q = query.questions?.[0];
    if (q === undefined) return [];
    const answers: Answer[] = [];
    let name = q.name;
    for (let hops = 0; hops < 20; hops++) {
      const owned = records.filter((r) => same(r.name, name));
      const wanted = owned.filter((r) => r.type === q.type);
      if (wanted.length > 0) {
        answers.push(...wanted);
        break;
      }
      const cname = owned.find((r) => r.type === 'CNAME');
      if (cname === undefined) break;
      answers.push(cname);
      if (options.chase === false) break;
      name = (cname as { data: unknown }).data as string;
    }
    const exists = records.some((r) => same(r.name, name));
    const soa =
      options.soa === false ? [] : [ZONE_SOA(options.soa?.ttl ?? 300, options.soa?.minimum ?? 60)];
    const negative = answers.length === 0 || answers.at(-1)?.type === 'CNAME';
    const rcode = !exists && negative ? 3 : 0;
    if (options.truncateUdp === true && seen.transport === 'udp') {
      return [{ bytes: reply(query, { tc: true }) }];
    }
    const authorities = negative && (options.chase !== false || !exists) ? soa : [];
    return [{ bytes: reply(query, { answers, authorities, rcode }) }];
  };
}

/** Starts a server on 127.0.0.1, UDP and TCP on one port. */
export async function startDnsServer(handler: Handler): Promise<DnsServer> {
  const timers = new Set<NodeJS.Timeout>();
  const queries: Seen[] = [];
  const conns = new Set<Socket>();
  for (let tries = 0; ; tries++) {
    const udp = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, '127.0.0.1', () => resolve());
    });
    const port = udp.address().port;
    const tcp = createServer((socket) => serveTcp(socket));
    const ok = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!ok) {
      udp.close();
      if (tries > 20) throw new Error('no port free for both UDP and TCP');
      continue;
    }
    return finish(udp, tcp, port);
  }

  function handle(
    bytes: Buffer,
    port: number,
    transport: 'udp' | 'tcp',
    send: (b: Buffer) => void,
  ) {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(bytes);
    } catch {
      return;
    }
    const q = query.questions?.[0];
    const opt = query.additionals?.find((r) => r.type === 'OPT') as
      | { udpPayloadSize?: number }
      | undefined;
    const seen: Seen = {
      id: query.id ?? 0,
      name: q?.name ?? '',
      type: q?.type ?? '',
      port,
      transport,
      rd: ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) !== 0,
      bytes,
      ...(opt?.udpPayloadSize === undefined ? {} : { udpPayloadSize: opt.udpPayloadSize }),
    };
    queries.push(seen);
    for (const out of handler(query, seen, queries.length)) {
      if (out.delayMs === undefined) send(out.bytes);
      else {
        const t = setTimeout(() => {
          timers.delete(t);
          send(out.bytes);
        }, out.delayMs);
        timers.add(t);
      }
    }
  }

  function serveTcp(socket: Socket) {
    conns.add(socket);
    socket.on('close', () => conns.delete(socket));
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const len = buffered.readUInt16BE(0);
        if (buffered.length < 2 + len) return;
        const message = buffered.subarray(2, 2 + len);
        buffered = buffered.subarray(2 + len);
        handle(message, socket.remotePort ?? 0, 'tcp', (b) => {
          if (socket.destroyed) return;
          const framed = Buffer.alloc(2 + b.length);
          framed.writeUInt16BE(b.length, 0);
          b.copy(framed, 2);
          // In two pieces, the second a little later: a client must reassemble.
          socket.write(framed.subarray(0, 7));
          const t = setTimeout(() => {
            timers.delete(t);
            if (!socket.destroyed) socket.write(framed.subarray(7));
          }, 20);
          timers.add(t);
        });
      }
    });
  }

  function finish(udp: UdpSocket, tcp: Server, port: number): DnsServer {
    udp.on('message', (bytes, from) => {
      handle(bytes, from.port, 'udp', (b) => {
        try {
          udp.send(b, from.port, from.address);
        } catch {
          // closed meanwhile
        }
      });
    });
    const server: DnsServer = {
      address: '127.0.0.1',
      port,
      queries,
      async close() {
        if (!live.delete(server)) return;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const c of conns) c.destroy();
        await Promise.all([
          new Promise<void>((resolve) => udp.close(() => resolve())),
          new Promise<void>((resolve) => tcp.close(() => resolve())),
        ]);
      },
    };
    live.add(server);
    return server;
  }
}

/** Starts servers for a test and closes them all after it. */
export function useDnsServers(afterEach: (fn: () => Promise<void>) => void) {
  const started: DnsServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()));
  });
  return async (handler: Handler): Promise<DnsServer> => {
    const s = await startDnsServer(handler);
    started.push(s);
    return s;
  };
}
