import { FixedClock } from "../ports/clock.js";
import type { DirectoryUser, GraphPort } from "../ports/graph.js";
import { fail, ok } from "../errors.js";
import { MemoryStore } from "../testing/memory-repository.js";
import { userProfilesCollection } from "./collection.js";
import { createPeopleDirectory } from "./directory.js";

const adele: DirectoryUser = {
  id: "aad-adele",
  displayName: "Adele Vance",
  mail: "adele@contoso.com",
  userPrincipalName: "adele@contoso.com",
  timeZone: "America/New_York",
  workingHours: { daysOfWeek: ["monday", "friday"], startTime: "08:30", endTime: "17:00", timeZone: "America/New_York" },
  managerId: "aad-miriam",
};

function setup() {
  const calls: string[] = [];
  let outage = false;
  const graph = {
    getUser: async (key: string) => {
      calls.push(key);
      if (outage) return fail("upstream", "Graph answered 503");
      return key === adele.id || key.toLowerCase() === adele.mail ? ok(adele) : fail("not_found", `no ${key}`);
    },
  } as unknown as GraphPort;
  const clock = new FixedClock("2026-11-03T08:00:00Z");
  const profiles = new MemoryStore().collection(userProfilesCollection);
  const directory = createPeopleDirectory({ graph, profiles, clock, maxAgeMs: 60 * 60_000 });
  return { directory, calls, clock, profiles, setOutage: (v: boolean) => (outage = v) };
}

describe("people directory (profiles cached from Graph)", () => {
  it("asks Graph once, then answers from the store by id or by mail", async () => {
    const { directory, calls } = setup();
    const first = await directory.profile("t1", "aad-adele");
    expect(first.ok && first.value).toMatchObject({ id: "aad-adele", mail: "adele@contoso.com", timeZone: "America/New_York", managerId: "aad-miriam" });
    expect((await directory.profile("t1", "aad-adele")).ok).toBe(true);
    expect((await directory.profile("t1", "Adele@Contoso.com")).ok).toBe(true);
    expect(calls).toEqual(["aad-adele"]);
  });

  it("refreshes a stale profile, and keeps tenants apart", async () => {
    const { directory, calls, clock } = setup();
    await directory.profile("t1", "aad-adele");
    clock.advance(2 * 60 * 60_000);
    await directory.profile("t1", "aad-adele");
    await directory.profile("t2", "aad-adele");
    expect(calls).toEqual(["aad-adele", "aad-adele", "aad-adele"]);
  });

  it("passes Graph's not_found and outages through without caching anything", async () => {
    const { directory, profiles, setOutage } = setup();
    const unknown = await directory.profile("t1", "aad-nobody");
    expect(!unknown.ok && unknown.error.code).toBe("not_found");
    setOutage(true);
    const down = await directory.profile("t1", "aad-adele");
    expect(!down.ok && down.error.code).toBe("upstream");
    const stored = await profiles.query("t1");
    expect(stored.ok && stored.value.items).toEqual([]);
  });
});
