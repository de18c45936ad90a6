/**
 * `npm run bench`: messages per second sent to smtp-server (bench/server.ts, its own process)
 * over one kept-open connection, composing each message first, the same message for every
 * contender:
 *
 *   participant   composeMessage() + SmtpClient.send() from src/ (skipped while it throws)
 *   reference     the same from reference/smtp/src (only when that folder exists)
 *   nodemailer    createTransport({ pool: true, maxConnections: 1 }).sendMail(): it composes
 *                 (text + html, quoted-printable) and sends with PIPELINING, like ours
 *
 * Each contender sends MESSAGES messages (BENCH_MESSAGES, default 400) per round, ROUNDS rounds
 * (BENCH_ROUNDS, default 3), alternating; the best round counts. Ratios are to nodemailer; the
 * ratios of one run on one machine are what to compare, absolute numbers are noise.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import * as participant from '../src/index.ts';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
type Smtp = Pick<typeof participant, 'SmtpClient' | 'composeMessage'>;

const MAIL = {
  from: { name: 'Zoë Sender', address: 'sender@example.org' },
  to: [{ name: 'Bob', address: 'bob@example.net' }, 'carol@example.net'],
  subject: 'Weekly report — Grüße aus Köln',
  text: `${'Dear Bob,\n\nHere is the report. Lines that start with a dot:\n.one\n..two\n'.repeat(8)}Regards\n`,
  html: `<p>${'Dear Bob, here is the report. Ünïcödé ☃. '.repeat(20)}</p>`,
};

function startServer(): Promise<{ port: number; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'server.ts'), '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child.stdout.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(d.toString());
      if (m) resolve({ port: Number(m[1]), stop: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

interface Runner {
  name: string;
  open: () => Promise<{ send: () => Promise<unknown>; close: () => Promise<void> }>;
}

function ours(name: string, mod: Smtp, port: number): Runner {
  return {
    name,
    async open() {
      const client = await mod.SmtpClient.connect({ port });
      const to = ['bob@example.net', 'carol@example.net'];
      return {
        send: () => client.send({ from: 'sender@example.org', to }, mod.composeMessage(MAIL)),
        close: () => client.quit(),
      };
    },
  };
}

function peer(port: number): Runner {
  return {
    name: 'nodemailer',
    async open() {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        ignoreTLS: true,
        pool: true,
        maxConnections: 1,
        maxMessages: Number.POSITIVE_INFINITY,
      });
      return {
        send: () => transport.sendMail(MAIL),
        close: async () => transport.close(),
      };
    },
  };
}

async function round(runner: Runner): Promise<number> {
  const session = await runner.open();
  try {
    await session.send(); // warm-up: the connection and EHLO are not measured
    const start = process.hrtime.bigint();
    for (let i = 0; i < MESSAGES; i++) await session.send();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return MESSAGES / seconds;
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const server = await startServer();
  try {
    const runners: Runner[] = [];
    try {
      participant.composeMessage(MAIL);
      runners.push(ours('participant', participant, server.port));
    } catch (error) {
      console.log(`participant: skipped (${(error as Error).message.split('\n')[0]})`);
    }
    const referencePath = join(import.meta.dirname, '../../../reference/smtp/src/index.ts');
    if (existsSync(referencePath))
      runners.push(ours('reference', (await import(referencePath)) as Smtp, server.port));
    runners.push(peer(server.port));
    const best = new Map<string, number>();
    for (let r = 0; r < ROUNDS; r++) {
      for (const runner of runners) {
        const rate = await round(runner);
        best.set(runner.name, Math.max(best.get(runner.name) ?? 0, rate));
      }
    }
    const base = best.get('nodemailer') ?? Number.NaN;
    console.log(
      `\nSMTP: messages/s to smtp-server, one connection, ${MESSAGES} messages × ${ROUNDS} rounds (best)`,
    );
    for (const [name, rate] of best) {
      console.log(
        `  ${name.padEnd(12)} ${Math.round(rate).toLocaleString('en-US').padStart(8)} msg/s  ${(rate / base).toFixed(2)}×`,
      );
    }
  } finally {
    server.stop();
  }
}

await main();
