/**
 * Framework: routes, middleware, requests, responses and sessions on the participant's own
 * router, session store, gateway and URI parser; this barrel is the public interface.
 */
export { createApp } from './app.ts';
export {
  type FieldError,
  FrameworkError,
  type FrameworkErrorCode,
  HttpError,
  type HttpErrorCode,
  type HttpErrorOptions,
  validationError,
} from './errors.ts';
export {
  type CorsOptions,
  type CsrfOptions,
  cors,
  csrf,
  csrfToken,
  sessions,
} from './middleware.ts';
export { accepts } from './params.ts';
export type {
  AppOptions,
  AppRequest,
  AppResponse,
  Form,
  Handler,
  Next,
  Outcome,
  Params,
  ResponseBody,
  SessionControl,
  UploadedFile,
  WebApp,
} from './types.ts';
