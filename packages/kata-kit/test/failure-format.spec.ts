import { describe, expect, it } from 'vitest';
import { findHint, formatFailure, notImplementedIn, stripAnsi } from '../src/failure-format.ts';
import { renderBoard } from '../src/stage-board.ts';

const plain = (lines: string[]): string => stripAnsi(lines.join('\n'));

describe("the compact reporter's pieces", () => {
  it("shows expected, received and the spec's hint pointer, not the assertion sentence again", () => {
    const text = plain(
      formatFailure(
        {
          stage: 4,
          title: '4. Resolve references › resolves "../../../g"',
          errors: [
            {
              message:
                "hint: climb no higher than the root (HINTS.md §4): expected 'http://a/../g' to be 'http://a/g'",
              expected: "'http://a/g'",
              actual: "'http://a/../g'",
            },
          ],
        },
        100,
      ),
    );
    expect(text).toBe(
      [
        '✗ 4. Resolve references › resolves "../../../g"',
        "    expected: 'http://a/g'",
        "    received: 'http://a/../g'",
        '    hint: climb no higher than the root (HINTS.md §4)',
      ].join('\n'),
    );
  });

  it('formats a numeric expected and received (toBeLessThan leaves them numbers)', () => {
    const failure = {
      stage: 2,
      title: '2. A line server › stops handling lines',
      errors: [
        {
          message: 'hint: stall the handler (HINTS.md §2): expected 2000 to be less than 2000',
          expected: 2000 as unknown as string,
          actual: 2000 as unknown as string,
        },
      ],
    };
    expect(plain(formatFailure(failure, 100))).toContain('received: 2000');
  });

  it('shows an object without a prototype (a serialized class from toBeInstanceOf) instead of throwing', () => {
    const serialized = Object.assign(Object.create(null) as object, { name: 'AddressError' });
    const failure = {
      stage: 6,
      title: '6. Addresses › refuses a bad address',
      errors: [
        {
          message:
            'hint: throw AddressError (HINTS.md §6): expected error to be an instance of AddressError',
          expected: serialized as unknown as string,
          actual: Object.assign(Object.create(null) as object, { code: 'X' }) as unknown as string,
        },
      ],
    };
    const text = plain(formatFailure(failure, 100));
    expect(text).toContain("expected: [Object: null prototype] { name: 'AddressError' }");
    expect(text).toContain("received: [Object: null prototype] { code: 'X' }");
  });

  it("shows a stub's sentence alone, and a stage pointer where the spec gave none", () => {
    const message =
      'expected UriError with code ERR_X, got NotImplementedError [ERR_NOT_IMPLEMENTED]: parse is not implemented yet — see README §1';
    expect(notImplementedIn(message)).toBe('parse is not implemented yet — see README §1');
    const text = plain(
      formatFailure({ stage: 2, title: '2. Validate › x', errors: [{ message }] }, 100),
    );
    expect(text).toBe(
      [
        '✗ 2. Validate › x',
        '    parse is not implemented yet — see README §1',
        '    hint: HINTS.md §2',
      ].join('\n'),
    );
    expect(findHint('no pointer here')).toBeUndefined();
  });

  it('keeps the commas and colons of what the stub names', () => {
    expect(
      notImplementedIn(
        'NotImplementedError: router.match("GET", "/users") is not implemented yet — see README §1',
      ),
    ).toBe('router.match("GET", "/users") is not implemented yet — see README §1');
    expect(
      notImplementedIn('x; resolve("http://a/b;c", "g:h") is not implemented yet — see README §4'),
    ).toBe('resolve("http://a/b;c", "g:h") is not implemented yet — see README §4');
  });

  it('draws the board in kata.json order and marks the first unfinished stage', () => {
    const stage = (id: number, title: string) => ({ id, title, weight: 50 });
    const text = plain(
      renderBoard(
        'demo',
        [
          { stage: stage(1, 'One'), progress: { passed: 2, total: 2 }, ran: true },
          { stage: stage(2, 'Two'), progress: { passed: 1, total: 4 }, ran: true },
          { stage: stage(3, 'Three'), progress: { passed: 0, total: 1 }, ran: false },
        ],
        80,
      ),
    );
    const rows = text.split('\n');
    expect(rows[0]).toBe('demo');
    expect(rows[1]).toMatch(/^ {2}✓ 1\. One +█{20} 2\/2$/);
    expect(rows[2]).toMatch(/^ {2}› 2\. Two +█{5}░{15} 1\/4$/);
    expect(rows[3]).toMatch(/^ {2}· 3\. Three .* 0\/1 \(last run\)$/);
  });
});
