/**
 * The add-in REST API (/api/v1) wired from configuration: token validator, the services routes use, and
 * one route file per feature under routes/. New features add a file there and one line below.
 */
import type { Router } from "express";
import {
  createPeopleDirectory,
  createSchedulingService,
  meetingsCollection,
  userProfilesCollection,
  type ApiAuthConfig,
  type Clock,
  type GraphPort,
  type IdGen,
  type Store,
} from "@opsco/shared";
import type { Logger } from "../logger.js";
import { createTokenValidator } from "./auth.js";
import { createApiRouter, type ApiAuth } from "./router.js";
import { meRoutes } from "./routes/me.js";
import { meetingsRoutes } from "./routes/meetings.js";

export type { ApiCaller, AuthFailure, TokenValidator } from "./auth.js";
export { createTokenValidator } from "./auth.js";
export { createApiRouter, callerOf } from "./router.js";
export { defineRoute, type ApiRoute, type ApiResponse, type RouteInput } from "./route.js";

export interface ApiDeps {
  config: ApiAuthConfig;
  store: Store;
  graph: GraphPort | undefined;
  clock: Clock;
  ids: IdGen;
  log: Logger;
}

export function buildApi(deps: ApiDeps): Router {
  const { config, store, graph, clock, ids, log } = deps;
  if (config.kind === "off") {
    log.info({ reason: config.reason }, "add-in API (/api/v1) is off");
  } else if (config.kind === "dev") {
    log.warn({ authority: config.authorityHost }, "add-in API (/api/v1) in dev mode: trusts tokens of the local issuer only");
  }
  const auth: ApiAuth =
    config.kind === "off"
      ? { off: config.reason }
      : {
          scope: config.scope,
          validator: createTokenValidator({
            audiences: config.audiences,
            scope: config.scope,
            authorityHost: config.authorityHost,
            jwksUrl: config.jwksUrl,
            allowedTenants: config.allowedTenants,
            clock,
          }),
        };
  const people = graph ? createPeopleDirectory({ graph, profiles: store.collection(userProfilesCollection), clock }) : undefined;
  const scheduling = graph ? createSchedulingService({ graph, meetings: store.collection(meetingsCollection), clock, ids }) : undefined;
  return createApiRouter({
    auth,
    log,
    corsOrigins: config.corsOrigins,
    routes: [...meRoutes({ people }), ...meetingsRoutes({ people, scheduling })],
  });
}
