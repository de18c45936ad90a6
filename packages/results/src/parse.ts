/** Parsing a results file's text: size, JSON, schema, then the course check. */
import { type CheckOptions, type CourseKata, checkAgainstCourse } from './course-check.ts';
import { LIMITS, Results } from './schema.ts';

export type Parsed = { ok: true; results: Results } | { ok: false; error: string };

export function parseResults(
  text: string,
  course: CourseKata[],
  options: CheckOptions = {},
): Parsed {
  if (text.length > LIMITS.fileBytes) {
    return {
      ok: false,
      error: `${text.length} bytes is more than the ${LIMITS.fileBytes}-byte limit`,
    };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, error: `not valid JSON (truncated or corrupt?): ${why}` };
  }
  const parsed = Results.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '/'}: ${i.message}`)
      .join('; ');
    return { ok: false, error: `does not match the results schema: ${issues.slice(0, 600)}` };
  }
  const problems = checkAgainstCourse(parsed.data, course, options);
  if (problems.length > 0)
    return { ok: false, error: `does not add up: ${problems.slice(0, 5).join('; ')}` };
  return { ok: true, results: parsed.data };
}
