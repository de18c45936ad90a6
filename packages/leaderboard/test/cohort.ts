/**
 * Test data for the projector and the bench: a course of fourteen katas (the five of this
 * repository and nine more, as the finished course will have) and a room of participants with
 * results spread over the day.
 */
import { buildResults, type CourseKata, fixtureCourse, type Results } from '@hbu/results';
import type { CourseColumn } from '../src/aggregate.ts';

const KATAS: Array<[string, string, string]> = [
  ['uri-parser', 'URI parser', 'URI parser (RFC 3986)'],
  ['http-message', 'HTTP message', 'HTTP/1.1 message parser and serializer (RFC 9112)'],
  ['crawler', 'Crawler', 'Crawler: an HTTP client on raw sockets'],
  ['static-server', 'Static files', 'Static file server on bare sockets'],
  ['cgi-runner', 'CGI runner', 'CGI runner (RFC 3875)'],
  ['gateway', 'Gateway', 'Gateway: a WSGI-shaped interface for TypeScript'],
  ['router', 'Router', 'Router: the routing system of a web framework'],
  ['session-store', 'Sessions', 'Session store: cookies, signed cookies and sessions'],
  ['templates', 'Templates', 'Template engine with auto-escaping'],
  ['body-parser', 'Body parser', 'Request bodies: forms, multipart and JSON'],
  ['websocket', 'WebSocket', 'WebSocket handshake and framing (RFC 6455)'],
  ['http-cache', 'HTTP cache', 'A caching proxy (RFC 9111)'],
  ['tls-proxy', 'TLS proxy', 'A TLS-terminating reverse proxy'],
  ['framework', 'Framework', 'Putting it together: a small web framework'],
];

/** The trusted course of the fourteen made-up katas (8 stages of 12.5 points), for validation. */
export const TRUSTED_14: CourseKata[] = fixtureCourse(
  KATAS.map(([slug]) => slug),
  8,
);

/** The board's columns for the same fourteen katas. */
export const COURSE_14: CourseColumn[] = KATAS.map(([slug, short, title], i) => ({
  slug,
  short,
  title,
  order: i + 1,
  stages: 8,
  maxScore: 100,
}));

const NAMES = [
  'ada-lovelace',
  'grace-hopper',
  'linus',
  'margaret-hamilton',
  'ken',
  'dennis-ritchie',
  'barbara-liskov',
  'tim-berners-lee',
  'radia-perlman',
  'vint-cerf',
  'sophie-wilson',
  'frances-allen',
  'donald-knuth',
  'katherine-johnson',
  'a-participant-with-a-very-long-github-login',
];

/** A deterministic pseudo-random sequence (no Math.random: the data is the same every run). */
export function sequence(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * `results` results files for each of `participants` people over the 14 katas: each push
 * improves a few katas by whole stages, so the board has leaders, a middle and late starters.
 */
export function cohort(participants: number, results: number, seed = 7): Results[] {
  const next = sequence(seed);
  const docs: Results[] = [];
  const start = Date.UTC(2026, 10, 24, 9, 0, 0);
  for (let p = 0; p < participants; p++) {
    const name = p < NAMES.length ? NAMES[p]! : `participant-${String(p).padStart(4, '0')}`;
    const stages = KATAS.map(() => 0);
    const pace = 0.3 + next() * 1.2;
    for (let r = 0; r < results; r++) {
      for (let k = 0; k < KATAS.length; k++) {
        if (k <= (r * pace) / 1.5 && next() < 0.5 * pace)
          stages[k] = Math.min(8, stages[k]! + 1 + Math.floor(next() * 3));
      }
      const graded = Math.min(KATAS.length, 1 + Math.floor((r + 1) * pace));
      docs.push(
        buildResults({
          course: TRUSTED_14,
          sandbox: true,
          participant: name,
          timestamp: new Date(start + (r * 25 + p * 0.37) * 60_000).toISOString(),
          katas: Object.fromEntries(
            KATAS.slice(0, graded).map(([slug, , title], k) => [
              slug,
              {
                title,
                order: k + 1,
                stages: Array.from(
                  { length: 8 },
                  (_, s) => [s < stages[k]! ? 4 : 1, 4] as [number, number],
                ),
              },
            ]),
          ),
        }),
      );
    }
  }
  return docs;
}
