import { fail, ok, type Result } from "../errors.js";
import type { Clock } from "../ports/clock.js";
import type { DirectoryUser, GraphPort } from "../ports/graph.js";
import type { Repository } from "../ports/store.js";
import { cacheUserProfile, isProfileStale, parseUserProfileInput, type UserProfile } from "./model.js";

/** How long a cached profile (zone, working hours, manager) is trusted before Graph is asked again. */
export const defaultProfileMaxAgeMs = 12 * 60 * 60 * 1000;

export interface PeopleDirectory {
  /**
   * A person's profile by AAD object id (one point read) or mail (an indexed query): from the store when
   * fresh, else from Graph, cached for next time. `not_found` when Graph does not know them.
   */
  profile(tenantId: string, idOrMail: string): Promise<Result<UserProfile>>;
}

/** Graph user → profile input; people without a known zone get UTC until Graph says otherwise. */
function profileInput(user: DirectoryUser): unknown {
  return {
    aadObjectId: user.id,
    displayName: user.displayName || user.mail || user.id,
    mail: user.mail || null,
    userPrincipalName: user.userPrincipalName,
    ...(user.jobTitle ? { jobTitle: user.jobTitle } : {}),
    timeZone: user.timeZone ?? "UTC",
    ...(user.workingHours ? { workingHours: user.workingHours } : {}),
    managerId: user.managerId ?? null,
  };
}

export function createPeopleDirectory(deps: {
  graph: GraphPort;
  profiles: Repository<UserProfile>;
  clock: Clock;
  maxAgeMs?: number;
}): PeopleDirectory {
  const maxAgeMs = deps.maxAgeMs ?? defaultProfileMaxAgeMs;
  const cachedProfile = async (tenantId: string, idOrMail: string): Promise<Result<UserProfile>> => {
    if (!idOrMail.includes("@")) return deps.profiles.get(tenantId, idOrMail);
    const page = await deps.profiles.query(tenantId, { where: [{ field: "mail", op: "eq", value: idOrMail.toLowerCase() }], limit: 1 });
    if (!page.ok) return page;
    const [first] = page.value.items;
    return first ? ok(first) : fail("not_found", `No cached profile for ${idOrMail}`);
  };
  return {
    async profile(tenantId, idOrMail) {
      const now = deps.clock.now();
      const cached = await cachedProfile(tenantId, idOrMail);
      if (cached.ok && !isProfileStale(cached.value, now, maxAgeMs)) return cached;
      if (!cached.ok && cached.error.code !== "not_found" && cached.error.code !== "validation") return cached;
      const user = await deps.graph.getUser(idOrMail);
      if (!user.ok) return user;
      const input = parseUserProfileInput(profileInput(user.value));
      if (!input.ok) return input;
      // The cache write is best effort: the answer is already known.
      const written = await deps.profiles.upsert(cacheUserProfile(cached.ok ? cached.value : null, input.value, { tenantId, now: now.toISOString() }));
      return written.ok ? written : ok({ ...cacheUserProfile(null, input.value, { tenantId, now: now.toISOString() }) } as UserProfile);
    },
  };
}
