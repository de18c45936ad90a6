import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { errorMessages } from '../lib/stryker-error-messages.ts';

type Ignorable = Parameters<typeof errorMessages.shouldIgnore>[0];

/** The Babel that Stryker's instrumenter walks the code with (untyped here: only these calls). */
const babel = createRequire(import.meta.url)('@babel/core') as {
  parseSync(code: string, options: object): object | null;
  traverse(
    ast: object,
    visitor: { enter(path: Ignorable & { node: { start?: number; end?: number } }): void },
  ): void;
};

/** The source text of every literal the ignorer skips in `code`, as Stryker walks it (Babel). */
function ignored(code: string): string[] {
  const ast = babel.parseSync(code, {
    filename: 'file.ts',
    babelrc: false,
    configFile: false,
    parserOpts: { plugins: ['typescript'] },
  });
  if (ast === null) throw new Error('no AST');
  const out: string[] = [];
  babel.traverse(ast, {
    enter(path) {
      if (errorMessages.shouldIgnore(path) !== undefined) {
        out.push(code.slice(path.node.start ?? 0, path.node.end ?? 0));
      }
    },
  });
  return out;
}

describe('the error-messages Stryker ignorer', () => {
  it('skips the message of new …Error(…), not its code nor literals elsewhere', () => {
    const code = `
      const a = new SmtpError('ERR_SMTP_PROTOCOL', 'bad line');
      const b = new RangeError(\`no \${x}\`);
      const c = new Thing('not an error');
      const d = header('Subject', 'x');
    `;
    expect(ignored(code)).toEqual(["'bad line'", `\`no \${x}\``]);
  });

  it('skips a message passed to an error builder: a function that only returns new …Error(…)', () => {
    const code = `
      function invalid(why: string): SmtpError {
        return new SmtpError('ERR_SMTP_INVALID_ADDRESS', why);
      }
      const protocol = (why: string) => new SmtpError('ERR_SMTP_PROTOCOL', why);
      function coded(code: SmtpErrorCode, why: string) {
        return new SmtpError(code, why);
      }
      if (x) throw invalid('too long');
      if (y) throw protocol(\`line \${n}\`);
      throw coded('ERR_SMTP_TIMEOUT', 'late');
    `;
    expect(ignored(code)).toEqual(["'too long'", `\`line \${n}\``, "'late'"]);
  });

  it('counts literals passed to a function that does more than build an error', () => {
    const code = `
      function withLogic(why: string) {
        if (why === 'x') return undefined;
        return new SmtpError('ERR_A', why);
      }
      function templated(why: string) {
        return new SmtpError('ERR_A', \`bad: \${why}\`);
      }
      function sliced(why: string) {
        return new SmtpError('ERR_A', why.slice(1));
      }
      function reused(why: string) {
        return new SmtpError('ERR_A', why, { reply: why });
      }
      function notAnError(why: string) {
        return new Reply(why);
      }
      let reassigned = (why: string) => new SmtpError('ERR_A', why);
      reassigned = (why: string) => new SmtpError('ERR_B', why);
      withLogic('a'); templated('b'); sliced('c'); reused('d'); notAnError('e'); reassigned('f');
      imported('g');
    `;
    // The template inside templated() is the message of a new SmtpError itself.
    expect(ignored(code)).toEqual([`\`bad: \${why}\``]);
  });

  it('counts a literal on a parameter the builder does not pass to the error', () => {
    const code = `
      function build(why: string, unused: string) {
        return new SmtpError('ERR_A', why);
      }
      build('message', 'other');
    `;
    expect(ignored(code)).toEqual(["'message'"]);
  });
});
