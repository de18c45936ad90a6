import { isIP, isIPv4, isIPv6 } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import {
  type AddressClass,
  classify,
  createLineServer,
  createUdpClient,
  createUdpEchoServer,
  formatIP,
  type IPAddress,
  LineDecoder,
  parseIP,
  parseIPv4,
  parseIPv6,
} from '../src/index.ts';
import { bindUdp, later, open, readLines, serve, sleep, useSockets } from './helpers.ts';

useSockets();

/** A line: any text without CR or LF (BMP and astral characters included). */
const line = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ''));
const lines = fc.array(line, { minLength: 1, maxLength: 20 });

/** Cuts `bytes` at the given points (sorted, deduplicated, in range). */
function cut(bytes: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const p of at) {
    pieces.push(bytes.subarray(from, p));
    from = p;
  }
  pieces.push(bytes.subarray(from));
  return pieces;
}

/** 16 bytes, built from 8 groups that are often zero (zero runs are where formatting goes wrong). */
const v6Bytes = fc
  .array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
    minLength: 8,
    maxLength: 8,
  })
  .map((groups) => {
    const out = new Uint8Array(16);
    groups.forEach((g, i) => {
      out[2 * i] = g >> 8;
      out[2 * i + 1] = g & 0xff;
    });
    return out;
  });

/** A random RFC 4291 §2.2 text form of the address: case, leading zeros, any zero run compressed. */
const textForm = (bytes: Uint8Array) =>
  fc
    .record({
      upper: fc.boolean(),
      pad: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
      run: fc.nat(),
      dotted: fc.boolean(),
    })
    .map(({ upper, pad, run, dotted }) => {
      const groups: string[] = [];
      for (let i = 0; i < 8; i++) {
        const w = ((bytes[2 * i] as number) << 8) | (bytes[2 * i + 1] as number);
        let h = w.toString(16);
        h = '0'.repeat(Math.min(pad[i] as number, 4 - h.length)) + h;
        groups.push(upper ? h.toUpperCase() : h);
      }
      let tail: string[] = [];
      let count = 8;
      if (dotted) {
        tail = [[...bytes.subarray(12)].join('.')];
        count = 6;
      }
      // Every run of zero groups among the first `count` groups is a candidate for "::".
      const runs: Array<[number, number]> = [];
      for (let i = 0; i < count; i++) {
        if (/^0+$/.test(groups[i] as string)) {
          let j = i;
          while (j < count && /^0+$/.test(groups[j] as string)) j++;
          for (let a = i; a < j; a++) for (let b = a + 1; b <= j; b++) runs.push([a, b]);
          i = j;
        }
      }
      const head = groups.slice(0, count);
      if (runs.length === 0 || run % 3 === 0) return [...head, ...tail].join(':');
      const [a, b] = runs[run % runs.length] as [number, number];
      const left = head.slice(0, a).join(':');
      const right = [...head.slice(b), ...tail].join(':');
      return `${left}::${right}`;
    });

const isMapped = (b: Uint8Array): boolean =>
  b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;

/** ipaddr.js range names, as this kata's classes (IPv4: the whole table). */
const V4_RANGES: Record<string, AddressClass[]> = {
  unspecified: ['unspecified'],
  broadcast: ['reserved'],
  multicast: ['multicast'],
  linkLocal: ['link-local'],
  loopback: ['loopback'],
  carrierGradeNat: ['private'],
  private: ['private'],
  reserved: ['reserved', 'documentation'],
  unicast: ['global'],
  as112: ['global'],
  amt: ['global'],
};
/** IPv6: only the ranges both sides name the same way. */
const V6_RANGES: Record<string, AddressClass> = {
  unspecified: 'unspecified',
  loopback: 'loopback',
  linkLocal: 'link-local',
  multicast: 'multicast',
  uniqueLocal: 'private',
};

/** IPv4 bytes drawn near the interesting prefixes as often as anywhere. */
const v4Bytes = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0, 10, 100, 127, 169, 172, 192, 198, 203, 224, 239, 240, 255),
    ),
    fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0, 2, 16, 18, 19, 31, 32, 51, 64, 88, 127, 128, 168, 254, 255),
    ),
    fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 2, 99, 100, 113, 255)),
    fc.integer({ min: 0, max: 255 }),
  )
  .map((t) => Uint8Array.from(t));

describe('8. Properties', () => {
  it('framing: any cut of the byte stream into reads gives the same lines (split/merge)', () => {
    fc.assert(
      fc.property(
        lines,
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.boolean(),
        (list, points, bareLf) => {
          const wire = Buffer.from(
            list.map((l) => `${l}${bareLf ? '\n' : '\r\n'}`).join(''),
            'utf8',
          );
          const decoder = new LineDecoder();
          const got = cut(wire, points).flatMap((piece) => decoder.push(piece));
          expect(
            got,
            hint(8, 'keep the unfinished line between pushes; decode whole lines'),
          ).toEqual(list);
          expect(decoder.end()).toBeUndefined();
        },
      ),
      fcParams(300),
    );
  });

  it('framing over TCP: lines written in random pieces come back whole and in order', async () => {
    const server = await serve(() => createLineServer((l, conn) => void conn.send(`<${l}>`)));
    await fc.assert(
      fc.asyncProperty(lines, fc.array(fc.nat(), { maxLength: 12 }), async (list, points) => {
        const socket = await open(server);
        later(() => socket.close());
        const wire = Buffer.from(list.map((l) => `${l}\r\n`).join(''), 'utf8');
        for (const piece of cut(wire, points)) {
          await socket.write(piece);
          if (piece.length % 3 === 0) await sleep(1);
        }
        expect(
          await readLines(socket, list.length),
          hint(8, 'partial reads and coalesced writes'),
        ).toEqual(list.map((l) => `<${l}>`));
        socket.close();
      }),
      fcParams(25),
    );
  });

  it('IPv6: parse(format(a)) is a, and format is idempotent', () => {
    fc.assert(
      fc.property(v6Bytes, (bytes) => {
        const text = formatIP({ family: 6, bytes });
        const back = parseIPv6(text);
        expect(back.bytes, hint(8, 'format and parse are inverses')).toEqual(bytes);
        expect(formatIP(back)).toBe(text);
      }),
      fcParams(300),
    );
  });

  it('IPv6: every RFC 4291 text form of an address formats to the one canonical text', () => {
    fc.assert(
      fc.property(
        v6Bytes.chain((bytes) => fc.tuple(fc.constant(bytes), textForm(bytes))),
        ([bytes, text]) => {
          expect(parseIPv6(text).bytes, hint(8, `parsing ${text}`)).toEqual(bytes);
          expect(
            formatIP(parseIPv6(text)),
            hint(8, 'one address, one canonical text (RFC 5952 §4)'),
          ).toBe(formatIP({ family: 6, bytes }));
        },
      ),
      fcParams(300),
    );
  });

  it('IPv6: the canonical text is what WHATWG URL (Node) prints, outside ::ffff:0:0/96', () => {
    fc.assert(
      fc.property(
        v6Bytes
          .filter((b) => !isMapped(b))
          .chain((bytes) => fc.tuple(fc.constant(bytes), textForm(bytes))),
        ([, text]) => {
          const node = new URL(`http://[${text}]/`).hostname.slice(1, -1);
          expect(formatIP(parseIPv6(text)), hint(8, 'differential: new URL(…).hostname')).toBe(
            node,
          );
        },
      ),
      fcParams(300),
    );
  });

  it('accepts exactly the strings node:net accepts (isIP), over an address-like alphabet', () => {
    const candidate = fc.oneof(
      fc.string({
        unit: fc.constantFrom('0', '1', '2', '5', '9', 'a', 'F', ':', '.'),
        maxLength: 20,
      }),
      v6Bytes.chain(textForm),
      v4Bytes.map((b) => b.join('.')),
    );
    fc.assert(
      fc.property(candidate, (text) => {
        let ours: boolean;
        try {
          parseIP(text);
          ours = true;
        } catch {
          ours = false;
        }
        expect(
          ours,
          hint(8, `differential: net.isIP(${JSON.stringify(text)}) is ${isIP(text)}`),
        ).toBe(isIP(text) !== 0);
      }),
      fcParams(500),
    );
  });

  it('IPv4: parse(format(a)) is a, and net.isIPv4 agrees', () => {
    fc.assert(
      fc.property(v4Bytes, (bytes) => {
        const text = formatIP({ family: 4, bytes });
        expect(isIPv4(text)).toBe(true);
        expect(parseIPv4(text).bytes, hint(8, 'dotted decimal round trip')).toEqual(bytes);
        expect(isIPv6(text)).toBe(false);
      }),
      fcParams(200),
    );
  });

  it('classify agrees with ipaddr.js on every IPv4 address', () => {
    fc.assert(
      fc.property(v4Bytes, (bytes) => {
        const text = [...bytes].join('.');
        const range = ipaddr.parse(text).range();
        expect(
          V4_RANGES[range],
          hint(8, `differential: ipaddr.js says ${range} for ${text}`),
        ).toContain(classify(text));
      }),
      fcParams(500),
    );
  });

  it('classify agrees with ipaddr.js on the IPv6 ranges both name, IPv4-mapped included', () => {
    const near = fc
      .tuple(
        fc.constantFrom(
          [0, 0],
          [0xfe, 0x80],
          [0xfe, 0xbf],
          [0xfc, 0],
          [0xfd, 0x12],
          [0xff, 0x02],
          [0x20, 0x01],
          [0x26, 0x06],
        ),
        v6Bytes,
        v4Bytes,
        fc.boolean(),
      )
      .map(([[a, b], rest, v4, mapped]) => {
        const out = Uint8Array.from(rest);
        out[0] = a as number;
        out[1] = b as number;
        if (mapped) {
          out.fill(0, 0, 10);
          out[10] = 0xff;
          out[11] = 0xff;
          out.set(v4, 12);
        }
        return out;
      });
    fc.assert(
      fc.property(fc.oneof(near, v6Bytes), (bytes) => {
        const address: IPAddress = { family: 6, bytes };
        const text = formatIP(address);
        const parsed = ipaddr.IPv6.parse(text);
        const range = parsed.range();
        if (range === 'ipv4Mapped') {
          const inner = parsed.toIPv4Address().range();
          expect(
            V4_RANGES[inner],
            hint(8, 'judge the IPv4 address inside ::ffff:0:0/96'),
          ).toContain(classify(address));
        } else if (V6_RANGES[range] !== undefined) {
          expect(
            classify(address),
            hint(8, `differential: ipaddr.js says ${range} for ${text}`),
          ).toBe(V6_RANGES[range]);
        } else {
          expect(['unspecified', 'loopback', 'link-local', 'multicast', 'private']).not.toContain(
            classify(address),
          );
        }
      }),
      fcParams(500),
    );
  });

  it('UDP: each payload comes back as one datagram of the same bytes', async () => {
    const port = await bindUdp(createUdpEchoServer());
    const client = createUdpClient({ port, timeoutMs: 500 });
    later(() => client.close());
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 3000 }), { minLength: 1, maxLength: 8 }),
        async (payloads) => {
          const replies = await Promise.all(payloads.map((p) => client.request(p)));
          expect(
            replies.map((r) => [...r]),
            hint(8, 'one request, one datagram, one reply'),
          ).toEqual(payloads.map((p) => [...p]));
        },
      ),
      fcParams(40),
    );
  });
});
