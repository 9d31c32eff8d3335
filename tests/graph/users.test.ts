import { startHarness, value, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.sim.close();
});
beforeEach(() => h.sim.resetStats());

describe("Graph adapter: users", () => {
  it("reads a user by mail with IANA time zone, working hours and manager", async () => {
    const adele = value(await h.graph.getUser("Adele.Vance@contoso.test"));
    expect(adele).toEqual({
      id: h.user("adele.vance").id,
      displayName: "Adele Vance",
      mail: "adele.vance@contoso.test",
      userPrincipalName: "adele.vance@contoso.test",
      jobTitle: "Operations Coordinator",
      timeZone: "America/New_York",
      workingHours: { daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"], startTime: "08:30", endTime: "17:00", timeZone: "America/New_York" },
      managerId: h.user("miriam.graham").id,
    });
    // One $batch: the directory read (manager via $expand) and the mailbox settings inside it.
    expect(h.sim.stats.graphRequests).toBe(1);
    expect(h.sim.stats.batchItems).toEqual({ getUser: 1, getMailboxSettings: 1 });
  });

  it("converts Graph's Windows zone names to IANA, including the half-hour zone", async () => {
    const priya = value(await h.graph.getUser(h.user("priya.raman").id));
    expect(priya.timeZone).toBe("Asia/Kolkata"); // "India Standard Time", not the legacy Asia/Calcutta
    expect(priya.workingHours).toEqual({ daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"], startTime: "10:00", endTime: "18:30", timeZone: "Asia/Kolkata" });
    const lena = value(await h.graph.getUser("lena.fischer@contoso.test"));
    expect(lena.workingHours?.daysOfWeek).toEqual(["monday", "tuesday", "wednesday", "thursday"]);
    const patti = value(await h.graph.getUser("patti.fernandez@contoso.test"));
    expect(patti.managerId).toBeUndefined();
  });

  it("reads 50 users in few round trips, each with the zone the seed gave them", async () => {
    const seedUsers = h.sim.tenant.users.slice(0, 50);
    const users = value(await h.graph.getUsers(seedUsers.map((u) => u.mail)));
    expect(users.map((u) => u.mail)).toEqual(seedUsers.map((u) => u.mail));
    expect(users.map((u) => u.timeZone)).toEqual(seedUsers.map((u) => u.timeZone));
    expect(users.map((u) => u.managerId)).toEqual(seedUsers.map((u) => u.managerId));
    // 100 requests (directory + mailbox per user) → 5 $batch calls of 20.
    expect(h.sim.stats.graphRequests).toBe(5);
    expect(h.sim.stats.batches).toEqual([20, 20, 20, 20, 20]);
  });

  it("fails with not_found naming every unknown user (duplicates asked once)", async () => {
    const result = await h.graph.getUsers(["adele.vance@contoso.test", "nobody@contoso.test", "ADELE.VANCE@contoso.test", "ghost@contoso.test"]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("not_found");
    expect(result.error.details).toEqual({ unknown: ["nobody@contoso.test", "ghost@contoso.test"] });
    expect(result.error.message).toContain("nobody@contoso.test");
    expect(h.sim.stats.batchItems.getUser).toBe(3);
    const single = await h.graph.getUser("nobody@contoso.test");
    expect(single.ok ? undefined : single.error.code).toBe("not_found");
  });

  it("rejects bad input without calling Graph", async () => {
    const empty = await h.graph.getUser("  ");
    expect(empty.ok ? undefined : empty.error.code).toBe("validation");
    expect(value(await h.graph.getUsers([]))).toEqual([]);
    expect(h.sim.stats.graphRequests).toBe(0);
  });

  it("finds people by the start of a name or mail, escaping quotes", async () => {
    const liam = value(await h.graph.findUsers("Liam O'"));
    expect(liam.map((u) => u.displayName)).toEqual(["Liam O'Brien"]);
    const byMail = value(await h.graph.findUsers("adele.v"));
    expect(byMail.map((u) => u.mail)).toEqual(["adele.vance@contoso.test"]);
    const many = value(await h.graph.findUsers("a", 3));
    expect(many).toHaveLength(3);
    expect(value(await h.graph.findUsers("zz-nobody"))).toEqual([]);
    const blank = await h.graph.findUsers("");
    expect(blank.ok ? undefined : blank.error.code).toBe("validation");
    // A quote that is not escaped would break the OData filter and come back as an upstream error.
    const injection = await h.graph.findUsers("x') or startswith(mail,'");
    expect(value(injection)).toEqual([]);
  });
});
