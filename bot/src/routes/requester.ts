import {
  createPeopleDirectory,
  fail,
  ok,
  userProfilesCollection,
  type Clock,
  type DomainError,
  type GraphPort,
  type PeopleDirectory,
  type Result,
  type Store,
} from "@opsco/shared";
import type { Turn } from "../turns/turn.js";

/** The person talking to the bot, as Microsoft 365 knows them. */
export interface Requester {
  userId: string;
  /** Their mailbox: meetings they book are organized from it. */
  mail: string;
  displayName: string;
  /** Where they are now: the chat client's zone when it sent one, else their mailbox zone. */
  timeZone: string;
}

export type ResolveRequester = (turn: Turn) => Promise<Result<Requester>>;

export const graphNotConnected = (): DomainError =>
  fail("unavailable", "Microsoft Graph is not connected (GRAPH_* settings), so I can't see calendars yet. Ask your admin to finish opsco's setup.").error;

/**
 * Looks the person up by their AAD object id (cached profile, else Graph). `fallbackMail` is for local
 * development only: clients such as the Agents Playground send users Graph has never heard of.
 */
export function requesterResolver(directory: PeopleDirectory | undefined, fallbackMail: string | undefined): ResolveRequester {
  return async (turn) => {
    if (!directory) return { ok: false, error: graphNotConnected() };
    for (const id of [turn.user.aadObjectId, fallbackMail]) {
      if (!id) continue;
      const profile = await directory.profile(turn.tenantId, id);
      if (!profile.ok) {
        if (profile.error.code === "not_found") continue;
        return profile;
      }
      if (!profile.value.mail) {
        return fail("not_found", "Your account has no mailbox in Microsoft 365, so I can't book meetings for you.");
      }
      return ok({ userId: profile.value.id, mail: profile.value.mail, displayName: profile.value.displayName, timeZone: turn.user.timeZone ?? profile.value.timeZone });
    }
    return fail("not_found", "I couldn't find your mailbox in Microsoft 365, so I can't book meetings for you. Is your account licensed for Exchange?");
  };
}

/** The usual wiring: cached profiles in the store, Graph behind them, and the dev fallback mailbox. */
export function peopleRequester(deps: { store: Store; graph: GraphPort | undefined; clock: Clock; organizerFallback: string | undefined }): ResolveRequester {
  const { graph, organizerFallback } = deps;
  if (!graph) return requesterResolver(undefined, undefined);
  const directory = createPeopleDirectory({ graph, profiles: deps.store.collection(userProfilesCollection), clock: deps.clock });
  return requesterResolver(directory, organizerFallback);
}
