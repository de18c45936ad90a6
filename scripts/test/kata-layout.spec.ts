import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkKataLayout } from '../lib/kata-layout.ts';
import { type Fixture, makeCourse } from './course-fixture.ts';

let course: Fixture;
beforeEach(() => {
  course = makeCourse();
});
afterEach(() => course.remove());

const good = `import { expectCode, hint } from '@hbu/kata-kit/expect-code';
describe('1. Parse', () => {
  it('x', () => expectCode(() => f(), E, 'ERR_X', hint(1, 'look here')));
});
`;

describe("the self-check's layout rules", () => {
  it('accept a kata that follows them', () => {
    course.write('katas/alpha/test/1-parse.spec.ts', good);
    expect(checkKataLayout(course.root, 'alpha')).toEqual([]);
  });

  it('reject unnumbered files, a stage that does not exist, a describe of another stage', () => {
    course.write('katas/alpha/test/parse.spec.ts', good);
    course.write('katas/alpha/test/7-extra.spec.ts', good);
    course.write('katas/alpha/test/2-print.spec.ts', good);
    const problems = checkKataLayout(course.root, 'alpha').join('\n');
    expect(problems).toMatch(/parse\.spec\.ts: spec files are test\/N-topic/);
    expect(problems).toMatch(/7-extra\.spec\.ts: 7 is not a stage/);
    expect(problems).toMatch(
      /2-print\.spec\.ts: top-level describe '1\. Parse' must be '2\. Print'/,
    );
  });

  it('reject error assertions outside kata-kit, in specs and helpers alike', () => {
    course.write(
      'katas/alpha/test/1-parse.spec.ts',
      `${good}it('y', () => expect(() => f()).toThrow(E));\nit('z', async () => { await expect(p).rejects.toMatchObject({ code: 'ERR_X' }); });\n`,
    );
    course.write(
      'katas/alpha/test/helpers.ts',
      'export const c = (e) => expect(e.code).toBe(1);\n',
    );
    const problems = checkKataLayout(course.root, 'alpha').join('\n');
    expect(problems).toMatch(/1-parse\.spec\.ts:\d+: asserts an error with \.toThrow/);
    expect(problems).toMatch(/asserts an error with \.rejects/);
    expect(problems).toMatch(/asserts an error with toMatchObject\(\{ code/);
    expect(problems).toMatch(/helpers\.ts:1: asserts an error with expect\(error\.code\)/);
  });

  it('reject a spec file without a hint pointer, a hand-written one, and one to a missing section', () => {
    course.write('katas/alpha/test/1-parse.spec.ts', "describe('1. Parse', () => {});\n");
    course.write(
      'katas/alpha/test/2-print.spec.ts',
      "describe('2. Print', () => { expect(1, 'hint: x (HINTS.md §2)').toBe(1); hint(5, 'y'); });\n",
    );
    const problems = checkKataLayout(course.root, 'alpha').join('\n');
    expect(problems).toMatch(/1-parse\.spec\.ts: no hint pointer/);
    expect(problems).toMatch(/2-print\.spec\.ts:1: hint\(5, …\) but HINTS\.md has no section/);
    expect(problems).toMatch(/2-print\.spec\.ts:1: a hand-written HINTS\.md pointer/);
  });

  it('reject an fc.assert without fcParams, in specs and helpers alike', () => {
    course.write(
      'katas/alpha/test/1-parse.spec.ts',
      `${good}it('p', () => fc.assert(fc.property(fc.nat(), (n) => n >= 0), fcParams(50)));\nit('q', () => fc.assert(fc.property(fc.nat(), (n) => n >= 0), { numRuns: 5 }));\n`,
    );
    course.write(
      'katas/alpha/test/props.ts',
      'export const r = () => fc.assert(fc.property(fc.nat(), () => true));\n',
    );
    const problems = checkKataLayout(course.root, 'alpha');
    expect(problems).toEqual([
      expect.stringMatching(/1-parse\.spec\.ts:6: fc\.assert without fcParams/),
      expect.stringMatching(/props\.ts:1: fc\.assert without fcParams/),
    ]);
  });

  it('reject arbitraries that cost seconds to build, in specs and helpers alike', () => {
    course.write(
      'katas/alpha/test/1-parse.spec.ts',
      `${good}const s = fc.string({ unit: 'binary', maxLength: 9 });\n`,
    );
    course.write('katas/alpha/test/urls.ts', 'export const u = fc.webUrl();\n');
    const problems = checkKataLayout(course.root, 'alpha');
    expect(problems).toEqual([
      expect.stringMatching(/1-parse\.spec\.ts:5: .*unit: 'binary'.*codePointString/),
      expect.stringMatching(/urls\.ts:1: fc\.webUrl\(\) costs .*webUri/),
    ]);
  });
});
