import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentType, parseHttpDate, parseRange } from '../src/index.ts';
import { get, SECRET, text, useWebRoot } from './helpers.ts';

const { web, start } = useWebRoot();

/** Characters a file name may hold on every OS we support, including the awkward ones. */
const NAME_CHARS = [...'abcXYZ019-_.~', ..." %+#?&=;,@!$'()[]{}^`", 'é', '☃', 'ß', '日', '😀'];
/** Left raw in a path (pchar minus "%"); everything else must be percent-encoded. */
const RAW_OK = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;

const fileName = fc
  .array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: 12 })
  .map((cs) => cs.join(''))
  // Not "." or "..", not a dotfile; unique ignoring case (case-insensitive file systems).
  .filter((n) => !n.startsWith('.'));

/** Encodes each character of a name, percent-encoding the ones allowed raw at random. */
const encodedName = (name: string) =>
  fc
    .array(fc.boolean(), { minLength: [...name].length, maxLength: [...name].length })
    .map((flags) =>
      [...name]
        .map((c, i) =>
          RAW_OK.test(c) && flags[i]
            ? c
            : encodeURIComponent(c).replace(
                /[!'()*]/g,
                (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`,
              ),
        )
        .join(''),
    );

let treeCounter = 0;

describe('8. Properties', () => {
  it('serves the exact bytes of every file of a generated tree, however its path is encoded', async () => {
    const why = hint(8, "decode each segment once; the bytes must be the file's");
    const server = await start();
    const tree = fc.record({
      dirs: fc.uniqueArray(fileName, {
        minLength: 0,
        maxLength: 2,
        selector: (n) => n.toLowerCase(),
      }),
      file: fileName,
      content: fc.uint8Array({ maxLength: 3000 }),
    });
    await fc.assert(
      fc.asyncProperty(
        tree.chain((t) =>
          fc.tuple(fc.constant(t), fc.tuple(...[...t.dirs, t.file].map((n) => encodedName(n)))),
        ),
        async ([t, encoded]) => {
          const base = `gen-${treeCounter++}`;
          const dir = join(web().root, base, ...t.dirs);
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, t.file), t.content);
          const res = await get(server, `/${base}/${encoded.join('/')}`);
          expect(res.status, why).toBe(200);
          expect(res.body.equals(Buffer.from(t.content)), why).toBe(true);
        },
      ),
      fcParams(60),
    );
  });

  it('returns exactly the requested slice for any satisfiable range', async () => {
    const why = hint(8, "ranges are inclusive and clamped: compare with the file's slice");
    const server = await start();
    const big = web().big;
    const range = fc.oneof(
      fc.tuple(fc.nat({ max: big.length - 1 }), fc.nat({ max: 50_000 })).map(([s, len]) => ({
        header: `bytes=${s}-${s + len}`,
        start: s,
        end: Math.min(s + len, big.length - 1),
      })),
      fc
        .nat({ max: big.length - 1 })
        .filter((s) => s >= big.length - 50_000)
        .map((s) => ({ header: `bytes=${s}-`, start: s, end: big.length - 1 })),
      fc
        .integer({ min: 1, max: 50_000 })
        .map((n) => ({ header: `bytes=-${n}`, start: big.length - n, end: big.length - 1 })),
    );
    await fc.assert(
      fc.asyncProperty(range, async ({ header, start: from, end }) => {
        const res = await get(server, '/big.bin', { Range: header });
        expect(res.status, why).toBe(206);
        expect(res.headers['content-range'], why).toBe(`bytes ${from}-${end}/${big.length}`);
        expect(res.body.equals(big.subarray(from, end + 1)), why).toBe(true);
      }),
      fcParams(60),
    );
  });

  it('never reads a file outside the root, whatever the encoding of the path', async () => {
    const server = await start({ dotfiles: 'allow', listing: true });
    const piece = fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%2E%2e',
      '.%2e',
      '%2e.',
      '..%2f',
      '%2f',
      '%2F..',
      '%5c',
      '..%5c',
      '%252e%252e',
      '%c0%ae',
      '%c0%af',
      '%e0%80%ae',
      '%00',
      '',
      'outside',
      'secret.txt',
      'name.dir',
      'escape.txt',
      'escape-dir',
      'sub',
      'plain-dir',
      'link-to-sub',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('/', '//', '/./'),
        async (pieces, lead) => {
          const target = lead + pieces.join('/');
          const res = await get(server, target);
          expect(text(res)).not.toContain(SECRET);
        },
      ),
      fcParams(200),
    );
  });

  it('parseRange returns disjoint in-request-order ranges, each clamped inside the file', () => {
    const why = hint(8, 'clamp every range inside the file and keep request order');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.uniqueArray(fc.nat({ max: 12_000 }), { minLength: 2, maxLength: 32 }),
        fc.boolean(),
        (size, points, openEnd) => {
          // Sorted distinct points, paired up: disjoint ranges; then shuffled by reversing.
          const sorted = [...points].sort((a, b) => a - b);
          const pairs: Array<[number, number]> = [];
          for (let i = 0; i + 1 < sorted.length && pairs.length < 16; i += 2)
            pairs.push([sorted[i]!, sorted[i + 1]!]);
          const specs = pairs.map(([a, b], i) =>
            openEnd && i === pairs.length - 1 ? `${a}-` : `${a}-${b}`,
          );
          const result = parseRange(`bytes=${specs.reverse().join(', ')}`, size);
          const expected = pairs
            .map(([a, b], i) => ({
              start: a,
              end: Math.min(openEnd && i === pairs.length - 1 ? size - 1 : b, size - 1),
            }))
            .filter((r) => r.start < size)
            .reverse();
          if (expected.length === 0) expect(result, why).toEqual({ type: 'unsatisfiable' });
          else expect(result, why).toEqual({ type: 'ranges', ranges: expected });
        },
      ),
      fcParams(300),
    );
  });

  it('parseHttpDate reads back IMF-fixdate, rfc850 and asctime forms of any second', () => {
    const why = hint(8, 'parse all three forms in UTC');
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2040, 0, 1) / 1000 }),
        (seconds) => {
          const ms = seconds * 1000;
          const d = new Date(ms);
          const imf = d.toUTCString();
          expect(parseHttpDate(imf), why).toBe(ms);
          const [dayName, day, mon, year, time] = imf.replace(',', '').split(' ') as [
            string,
            string,
            string,
            string,
            string,
          ];
          const longDay = [
            'Sunday',
            'Monday',
            'Tuesday',
            'Wednesday',
            'Thursday',
            'Friday',
            'Saturday',
          ][d.getUTCDay()];
          expect(parseHttpDate(`${longDay}, ${day}-${mon}-${year.slice(2)} ${time} GMT`), why).toBe(
            ms,
          );
          expect(
            parseHttpDate(
              `${dayName} ${mon} ${String(Number(day)).padStart(2, ' ')} ${time} ${year}`,
            ),
            why,
          ).toBe(ms);
        },
      ),
      fcParams(300),
    );
  });

  it('answers If-None-Match with 304 exactly when the list holds the current ETag', async () => {
    const server = await start();
    const etag = (await get(server, '/hello.txt')).headers.etag!;
    const other = fc.stringMatching(/^[a-zA-Z0-9-]{1,12}$/).map((t) => `"${t}"`);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(other, fc.boolean()), { maxLength: 5 }),
        fc.option(fc.tuple(fc.nat({ max: 5 }), fc.boolean()), { nil: undefined }),
        async (tags, insert) => {
          const list = tags.filter(([t]) => t !== etag).map(([t, weak]) => (weak ? `W/${t}` : t));
          if (insert !== undefined) list.splice(insert[0], 0, insert[1] ? `W/${etag}` : etag);
          if (list.length === 0) return;
          const res = await get(server, '/hello.txt', { 'If-None-Match': list.join(', ') });
          expect(res.status, hint(8, 'weak comparison over the whole list')).toBe(
            insert === undefined ? 200 : 304,
          );
        },
      ),
      fcParams(40),
    );
  });

  it('contentType depends on the extension only, case-insensitively', () => {
    const ext = fc.constantFrom(
      'html',
      'css',
      'js',
      'json',
      'png',
      'svg',
      'txt',
      'pdf',
      'xyz',
      'gz',
    );
    const base = fc.stringMatching(/^[a-zA-Z0-9 _-]{1,10}$/);
    fc.assert(
      fc.property(base, base, ext, fc.boolean(), (a, b, e, upper) => {
        expect(
          contentType(`${a}.${upper ? e.toUpperCase() : e}`),
          hint(8, 'lower-case the extension; nothing else matters'),
        ).toBe(contentType(`dir.d/${b}.${e}`));
      }),
      fcParams(200),
    );
  });
});
