/**
 * Runs in every test worker before the spec file (a vitest `setupFiles` entry of the trusted
 * config), so before any participant code loads:
 *
 * - pins `FC_SEED`/`FC_RUNS`: `process.env` becomes a view whose fast-check variables are the
 *   values read now; writing them changes nothing and is recorded as tampering;
 * - refuses forbidden modules loaded through `require`/`createRequire` (Module._load) and
 *   `process.getBuiltinModule` when participant code asks (the caller's module, or any frame of
 *   the call stack, inside a `katas/<slug>/src/`);
 * - publishes the stubs that shadow forbidden globals in participant modules (see
 *   trusted.config.ts, forbiddenGlobalsPlugin).
 *
 * The patched functions are made non-writable and non-configurable.
 */
import { realpathSync } from 'node:fs';
import Module, { isBuiltin } from 'node:module';
import { inject } from 'vitest';
import {
  FORBIDDEN_MARK,
  GUARD_GLOBAL,
  type GuardConfig,
  isForbiddenPath,
  matchesForbidden,
} from './protocol.ts';

declare module 'vitest' {
  interface ProvidedContext {
    hbuGuard: GuardConfig;
  }
}

const config = inject('hbuGuard');
const problems: string[] = [];

/** Tampering seen by the guard (read by the canaries' integrity check). */
export function guardProblems(): string[] {
  return [...problems];
}

const participantFile = (file: string): boolean => {
  if (!file.startsWith(`${config.katasDir}/`)) return false;
  return file.slice(config.katasDir.length + 1).split('/')[1] === 'src';
};

/** Does any frame of the current call stack belong to participant code? */
function calledFromParticipant(): boolean {
  const saved = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 200;
    Error.prepareStackTrace = (_error, sites) => sites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder);
    const sites = holder.stack;
    if (!Array.isArray(sites)) return true;
    return sites.some((site) => {
      const file = site.getFileName() ?? '';
      const origin = site.isEval() ? (site.getEvalOrigin() ?? '') : '';
      return participantFile(file.replace(/^file:\/\//, '')) || origin.includes('/src/');
    });
  } catch {
    // The stack machinery was tampered with: treat the caller as participant code.
    return true;
  } finally {
    try {
      Error.prepareStackTrace = saved;
      Error.stackTraceLimit = limit;
    } catch {
      // Non-writable: the next check treats every caller as participant code.
    }
  }
}

class ForbiddenModuleError extends Error {
  override readonly name = 'ForbiddenModuleError';
  readonly code = 'ERR_HBU_FORBIDDEN_MODULE';
}

function refuse(what: string): never {
  throw new ForbiddenModuleError(
    `${FORBIDDEN_MARK}: the kata forbids "${what}" (kata.json forbiddenModules)`,
  );
}

// 1. FC_SEED / FC_RUNS, read once.
const realEnv = process.env;
const pinned = new Map<string, string | undefined>(
  ['FC_SEED', 'FC_RUNS'].map((name) => [name, realEnv[name]]),
);
const pinnedEnv = new Proxy(realEnv, {
  get: (target, key) =>
    typeof key === 'string' && pinned.has(key) ? pinned.get(key) : Reflect.get(target, key),
  set(target, key, value) {
    if (typeof key === 'string' && pinned.has(key)) {
      problems.push(`process.env.${key} was set`);
      return true;
    }
    return Reflect.set(target, key, value);
  },
  defineProperty(target, key, descriptor) {
    if (typeof key === 'string' && pinned.has(key)) {
      problems.push(`process.env.${key} was redefined`);
      return true;
    }
    return Reflect.defineProperty(target, key, descriptor);
  },
  deleteProperty(target, key) {
    if (typeof key === 'string' && pinned.has(key)) {
      problems.push(`process.env.${key} was deleted`);
      return true;
    }
    return Reflect.deleteProperty(target, key);
  },
});
Object.defineProperty(process, 'env', {
  value: pinnedEnv,
  writable: false,
  configurable: false,
  enumerable: true,
});

// 2. require / createRequire.
type Load = (
  request: string,
  parent: { filename?: string } | undefined,
  isMain: boolean,
) => unknown;
const moduleInternals = Module as unknown as {
  _load: Load;
  _resolveFilename: (request: string, parent: unknown) => string;
};
const load = moduleInternals._load;
const resolveFilename = moduleInternals._resolveFilename;
function forbiddenRequest(
  request: string,
  parent: { filename?: string } | undefined,
): string | undefined {
  if (isBuiltin(request)) return matchesForbidden(request, config.builtins) ? request : undefined;
  if (matchesForbidden(request, config.modules)) return request;
  let file: string;
  try {
    file = realpathSync(resolveFilename(request, parent));
  } catch {
    return undefined;
  }
  return isForbiddenPath(file, config.paths) ? request : undefined;
}
const guardedLoad: Load = function (this: unknown, request, parent, isMain) {
  const fromParticipant =
    (typeof parent?.filename === 'string' && participantFile(parent.filename)) ||
    calledFromParticipant();
  if (fromParticipant) {
    const why = forbiddenRequest(String(request), parent);
    if (why !== undefined) refuse(why);
  }
  return Reflect.apply(load, this, [request, parent, isMain]);
};
Object.defineProperty(Module, '_load', {
  value: guardedLoad,
  writable: false,
  configurable: false,
});

// 3. process.getBuiltinModule.
const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown })
  .getBuiltinModule;
if (typeof getBuiltinModule === 'function') {
  Object.defineProperty(process, 'getBuiltinModule', {
    value: function guardedGetBuiltinModule(id: string) {
      if (matchesForbidden(String(id), config.builtins) && calledFromParticipant())
        refuse(String(id));
      return Reflect.apply(getBuiltinModule, process, [id]);
    },
    writable: false,
    configurable: false,
  });
}

// 4. Forbidden globals: stubs that fail loudly, shadowing the real ones in participant modules.
const refuseGlobal = (name: string): never => {
  throw new ForbiddenModuleError(
    `${FORBIDDEN_MARK}: the kata forbids the global "${name}" (kata.json forbiddenGlobals)`,
  );
};
// A `function` target, so `new` reaches the construct trap.
const stub = (name: string): unknown =>
  new Proxy(function forbidden() {}, {
    get: (_t, key) => {
      if (key === Symbol.toPrimitive || key === 'toString') return () => `[forbidden ${name}]`;
      return refuseGlobal(name);
    },
    apply: () => {
      return refuseGlobal(name);
    },
    construct: () => {
      return refuseGlobal(name);
    },
  });
const stubs = new Map(config.globals.map((name) => [name, stub(name)]));
const view = new Proxy(globalThis, {
  get: (target, key) =>
    typeof key === 'string' && stubs.has(key) ? stubs.get(key) : Reflect.get(target, key),
});
const shadows: Record<string, unknown> = {
  globalThis: view,
  global: view,
  self: view,
  window: view,
};
for (const [name, value] of stubs) shadows[name] = value;
Object.defineProperty(globalThis, GUARD_GLOBAL, {
  value: Object.freeze(shadows),
  writable: false,
  configurable: false,
  enumerable: false,
});
