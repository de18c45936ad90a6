export {
  type AggregateOptions,
  aggregate,
  type Board,
  type CourseColumn,
  type Entry,
  type Improvement,
  type KataCell,
  type KataColumn,
} from './aggregate.ts';
export { type BuildOptions, type BuildReport, buildLeaderboard, writeBoard } from './build.ts';
export { REPO_ROOT, readCourseColumns } from './course.ts';
export { listResultFiles, loadResults } from './load.ts';
export { CSP, escapeHtml, renderHtml } from './render-html.ts';
export {
  csvCell,
  escapeMarkdown,
  renderCsv,
  renderJson,
  renderMarkdown,
  UNGRADED,
} from './render-text.ts';
export {
  cleanText,
  LIMITS,
  MAX_KATA_POINTS,
  type ResultFacts,
  SCHEMA_VERSION,
  type Validation,
  type ValidationContext,
  validateResults,
} from './validate.ts';
