/**
 * Run by 5-caching-time-zone.spec.ts in a child process with TZ set to a zone far from UTC
 * (`@hbu/kata-kit/time-zone`). Prints one JSON line with what parseHttpDate returns there for
 * the dates in argv[3] (a JSON array), then serves the web root given as argv[2] and prints
 * `{ "port": n }`. Exits when stdin closes.
 */
const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

/** A value, or the error it threw, as JSON can carry them. */
function attempt<T>(f: () => T): T | { error: string } {
  try {
    return f();
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

const dates = JSON.parse(process.argv[3] ?? '[]') as string[];

const impl = (await import(process.env.HBU_IMPL!)) as typeof import('../src/index.ts');
print({
  offsetMinutes: new Date(Date.UTC(2024, 0, 2)).getTimezoneOffset(),
  parsed: dates.map((d) => attempt(() => impl.parseHttpDate(d) ?? null)),
});
const started = attempt(() => {
  const server = impl.createStaticServer({ root: process.argv[2]! });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    print({ port: typeof address === 'object' && address !== null ? address.port : null });
  });
  process.stdin.on('end', () => server.close(() => process.exit(0)));
  process.stdin.resume();
  return true;
});
if (started !== true) print(started);

export {};
