/**
 * Framework: routes, middleware, requests, responses and sessions on the participant's own
 * router, session store, gateway and URI parser; this barrel is the public interface.
 */
export {
  type AppOptions,
  createApp,
  type Handler,
  type Next,
  type Outcome,
  WebApp,
} from './app.ts';
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
export { accepts, type Params } from './params.ts';
export { AppRequest, type Form, type SessionControl, type UploadedFile } from './request.ts';
export { AppResponse, type ResponseBody } from './response.ts';
