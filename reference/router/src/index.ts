export { RouterError, type RouterErrorCode } from './errors.ts';
export { Router } from './router.ts';
export type {
  AddOptions,
  Constraint,
  MatchResult,
  RouteInfo,
  RouterOptions,
} from './types.ts';
