import { fail, type PeopleDirectory, type Result, type UserProfile } from "@opsco/shared";
import type { ApiCaller } from "./auth.js";

/**
 * The caller's profile (cached in the store, else from Graph), looked up by the token's tid + oid only.
 * Routes that act "as the caller" start here.
 */
export async function callerProfile(people: PeopleDirectory | undefined, caller: ApiCaller): Promise<Result<UserProfile>> {
  if (!people) return fail("unavailable", "Microsoft Graph is not connected to opsco yet (GRAPH_* settings), so your profile is unknown");
  const profile = await people.profile(caller.tenantId, caller.userId);
  if (!profile.ok && profile.error.code === "not_found") {
    return fail("not_found", "Your account was not found in your organization's directory");
  }
  return profile;
}
