/**
 * Names to addresses, and addresses to one connection. resolveAll asks getaddrinfo (through
 * `dns.promises.lookup`, which reads /etc/hosts too) and orders the answer as RFC 8305 §4 says:
 * families interleaved, the preferred first. connectHappy is RFC 8305 §5 "Happy Eyeballs":
 * start one attempt, start the next after the attempt delay or as soon as one fails, keep the
 * first that connects, close the others.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { connect as netConnect, type Socket } from 'node:net';
import { formatIP, parseIP } from './address.ts';
import { AddressError, NameError } from './errors.ts';
import type { ConnectOptions, LookupFunction, ResolveOptions } from './types.ts';

const defaultLookup: LookupFunction = (name) =>
  dnsLookup(name, { all: true, verbatim: true }) as Promise<
    Array<{ address: string; family: number }>
  >;

/** RFC 1123 §2.1 host names: LDH labels of 1-63, 253 in all; "_" tolerated (it is out there). */
const LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

function literal(name: string): string | undefined {
  try {
    return formatIP(parseIP(name));
  } catch (error) {
    if (error instanceof AddressError) return undefined;
    throw error;
  }
}

export async function resolveAll(name: string, options: ResolveOptions = {}): Promise<string[]> {
  const family = options.family ?? 0;
  const prefer = options.prefer ?? 6;
  let found: string[];
  const ip = literal(name);
  if (ip !== undefined) found = [ip];
  else {
    const bare = name.endsWith('.') ? name.slice(0, -1) : name;
    if (bare.length === 0 || bare.length > 253 || !bare.split('.').every((l) => LABEL.test(l))) {
      throw new NameError('ERR_NAME_INVALID', `${JSON.stringify(name)} is not a host name`);
    }
    let answers: Array<{ address: string; family: number }>;
    try {
      answers = await (options.lookup ?? defaultLookup)(name);
    } catch (error) {
      throw new NameError('ERR_NAME_NOT_FOUND', `${name}: ${(error as Error).message}`);
    }
    found = [];
    for (const answer of answers) {
      const text = literal(answer.address);
      if (text !== undefined && !found.includes(text)) found.push(text);
    }
  }
  const of = (f: 4 | 6): string[] => found.filter((a) => (a.includes(':') ? 6 : 4) === f);
  const first = family === 0 ? of(prefer) : of(family);
  const second = family === 0 ? of(prefer === 6 ? 4 : 6) : [];
  const ordered: string[] = [];
  for (let i = 0; i < Math.max(first.length, second.length); i++) {
    if (i < first.length) ordered.push(first[i] as string);
    if (i < second.length) ordered.push(second[i] as string);
  }
  if (ordered.length === 0) throw new NameError('ERR_NAME_NOT_FOUND', `${name}: no address`);
  return ordered;
}

export async function connectHappy(
  name: string,
  port: number,
  options: ConnectOptions = {},
): Promise<Socket> {
  const addresses = await resolveAll(name, options);
  const delay = options.attemptDelayMs ?? 250;
  const open = options.connect ?? ((o) => netConnect(o));
  return new Promise<Socket>((resolve, reject) => {
    const attempts = new Set<Socket>();
    const errors: Error[] = [];
    let next = 0;
    let done = false;
    let stagger: NodeJS.Timeout | undefined;
    const overall = setTimeout(() => {
      fail(
        new NameError(
          'ERR_CONNECT_TIMEOUT',
          `no connection within ${options.timeoutMs} ms`,
          errors,
        ),
      );
    }, options.timeoutMs ?? 10_000);

    const finish = (): void => {
      done = true;
      clearTimeout(stagger);
      clearTimeout(overall);
    };
    const fail = (error: NameError): void => {
      if (done) return;
      finish();
      for (const s of attempts) s.destroy();
      reject(error);
    };
    const start = (): void => {
      clearTimeout(stagger);
      if (done || next >= addresses.length) return;
      const host = addresses[next++] as string;
      const socket = open({ host, port, family: host.includes(':') ? 6 : 4 });
      attempts.add(socket);
      socket.once('connect', () => {
        if (done) return void socket.destroy();
        finish();
        attempts.delete(socket);
        for (const s of attempts) s.destroy();
        socket.removeAllListeners('error');
        resolve(socket);
      });
      socket.once('error', (error) => {
        attempts.delete(socket);
        errors.push(error);
        if (done) return;
        // A failure starts the next attempt at once (RFC 8305 §5), not after the delay.
        if (next < addresses.length) start();
        else if (attempts.size === 0) {
          fail(
            new NameError('ERR_CONNECT_FAILED', `every attempt to ${name}:${port} failed`, errors),
          );
        }
      });
      if (next < addresses.length) stagger = setTimeout(start, delay);
    };
    start();
  });
}
