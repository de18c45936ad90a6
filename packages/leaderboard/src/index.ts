export { aggregate, type Board, type Entry, type KataCell, type KataColumn } from './aggregate.ts';
export { type BuildOptions, type BuildReport, buildLeaderboard } from './build.ts';
export { listResultFiles, loadResults } from './load.ts';
export { CSP, escapeHtml, renderHtml } from './render-html.ts';
export { csvCell, escapeMarkdown, renderCsv, renderJson, renderMarkdown } from './render-text.ts';
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
