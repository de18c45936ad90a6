/**
 * Run by the `*-time-zone.spec.ts` files in a child process with TZ set to a zone far from UTC
 * (`@hbu/kata-kit/time-zone`). argv[2] is a JSON object `{ expires: number[], headers: string[] }`:
 * prints one JSON line with `serializeSetCookie('a', 'b', { expires })` for each instant and
 * `parseSetCookie(header, 0)?.expires` (ms) for each header, as computed in that zone.
 */
const impl = (await import(process.env.HBU_IMPL!)) as typeof import('../src/index.ts');
const input = JSON.parse(process.argv[2] ?? '{}') as { expires?: number[]; headers?: string[] };

/** A value, or the error it threw, as JSON can carry them. */
function attempt<T>(f: () => T): T | { error: string } {
  try {
    return f();
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

process.stdout.write(
  `${JSON.stringify({
    offsetMinutes: new Date(Date.UTC(2024, 0, 2)).getTimezoneOffset(),
    serialized: (input.expires ?? []).map((ms) =>
      attempt(() => impl.serializeSetCookie('a', 'b', { expires: new Date(ms) })),
    ),
    parsed: (input.headers ?? []).map((h) =>
      attempt(() => impl.parseSetCookie(h, 0)?.expires?.getTime() ?? null),
    ),
  })}\n`,
);

export {};
