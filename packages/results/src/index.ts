export { buildResults, fixtureCourse, type KataFacts, type ResultsFacts } from './build.ts';
export {
  type CheckOptions,
  type CourseKata,
  checkAgainstCourse,
  readCourse,
} from './course-check.ts';
export { type Parsed, parseResults } from './parse.ts';
export {
  KataResult,
  KataStatus,
  LIMITS,
  Results,
  resultsJsonSchema,
  SCHEMA_VERSION,
  StageResult,
  TestResult,
  TestStatus,
} from './schema.ts';
