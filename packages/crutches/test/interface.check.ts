/**
 * Type-level check, compiled by `tsc` (root tsconfig, so the self-check's types step): each crutch
 * exports every value its kata's stub exports, with a type assignable to the stub's, and nothing
 * else. Type-only exports are compared by name in interface.spec.ts.
 */
import type * as GatewayStub from '../../../katas/gateway/src/index.ts';
import type * as HttpMessageStub from '../../../katas/http-message/src/index.ts';
import type * as RouterStub from '../../../katas/router/src/index.ts';
import type * as SessionStoreStub from '../../../katas/session-store/src/index.ts';
import type * as StaticServerStub from '../../../katas/static-server/src/index.ts';
import type * as UriParserStub from '../../../katas/uri-parser/src/index.ts';
import * as Gateway from '../src/gateway.ts';
import * as HttpMessage from '../src/http-message.ts';
import * as Router from '../src/router.ts';
import * as SessionStore from '../src/session-store.ts';
import * as StaticServer from '../src/static-server.ts';
import * as UriParser from '../src/uri-parser.ts';

/** true when C exports no value the stub S does not. */
type NoExtra<C, S> = [Exclude<keyof C, keyof S>] extends [never] ? true : false;

export const uriParser: typeof UriParserStub = UriParser;
export const uriParserExact: NoExtra<typeof UriParser, typeof UriParserStub> = true;
export const httpMessage: typeof HttpMessageStub = HttpMessage;
export const httpMessageExact: NoExtra<typeof HttpMessage, typeof HttpMessageStub> = true;
export const router: typeof RouterStub = Router;
export const routerExact: NoExtra<typeof Router, typeof RouterStub> = true;
export const sessionStore: typeof SessionStoreStub = SessionStore;
export const sessionStoreExact: NoExtra<typeof SessionStore, typeof SessionStoreStub> = true;
export const staticServer: typeof StaticServerStub = StaticServer;
export const staticServerExact: NoExtra<typeof StaticServer, typeof StaticServerStub> = true;
export const gateway: typeof GatewayStub = Gateway;
export const gatewayExact: NoExtra<typeof Gateway, typeof GatewayStub> = true;

// The types a dependent kata names: a crutch's must be usable where the stub's are expected.
type Assignable<A extends B, B> = A;
export type HttpTypes = [
  Assignable<HttpMessage.RequestHead, HttpMessageStub.RequestHead>,
  Assignable<HttpMessage.ResponseHead, HttpMessageStub.ResponseHead>,
  Assignable<
    HttpMessage.ParseEvent<HttpMessage.RequestHead>,
    HttpMessageStub.ParseEvent<HttpMessageStub.RequestHead>
  >,
  Assignable<HttpMessage.ParserOptions, HttpMessageStub.ParserOptions>,
  Assignable<HttpMessageStub.ParserOptions, HttpMessage.ParserOptions>,
  Assignable<HttpMessageStub.OutgoingResponse, HttpMessage.OutgoingResponse>,
  Assignable<HttpMessageStub.OutgoingRequest, HttpMessage.OutgoingRequest>,
];
export type UriTypes = [
  Assignable<UriParser.UriComponents, UriParserStub.UriComponents>,
  Assignable<UriParserStub.UriComponents, UriParser.UriComponents>,
];
export type RouterTypes = [
  Assignable<Router.MatchResult<number>, RouterStub.MatchResult<number>>,
  Assignable<RouterStub.AddOptions, Router.AddOptions>,
  Assignable<RouterStub.RouterOptions, Router.RouterOptions>,
];
export type SessionTypes = [
  Assignable<SessionStore.Session, SessionStoreStub.Session>,
  Assignable<SessionStoreStub.SessionManagerOptions, SessionStore.SessionManagerOptions>,
  Assignable<SessionStoreStub.CookieAttributes, SessionStore.CookieAttributes>,
  Assignable<SessionStore.ParsedSetCookie, SessionStoreStub.ParsedSetCookie>,
];
export type GatewayTypes = [
  Assignable<Gateway.Environ, GatewayStub.Environ>,
  Assignable<GatewayStub.Environ, Gateway.Environ>,
  Assignable<GatewayStub.App, Gateway.App>,
  Assignable<Gateway.App, GatewayStub.App>,
  Assignable<GatewayStub.ServeOptions, Gateway.ServeOptions>,
  Assignable<Gateway.FormPart, GatewayStub.FormPart>,
];
