import { fail, ok, type Result } from "../errors.js";
import type { DirectoryUser, GraphPort } from "../ports/graph.js";
import { resolvePeople, splitPeople } from "./people.js";

/** Directory lookups only (what resolvePeople uses), answering like the Graph adapter, calls recorded. */
function directory(users: DirectoryUser[]): { graph: GraphPort; calls: string[] } {
  const calls: string[] = [];
  const find = (x: string): DirectoryUser | undefined => {
    const k = x.toLowerCase();
    return users.find((u) => u.id === x || u.mail === k || u.userPrincipalName === k);
  };
  const unused = async (): Promise<Result<never>> => fail("unavailable", "not used here");
  const graph: GraphPort = {
    async getUsers(list) {
      calls.push(`getUsers ${list.join(",")}`);
      const unknown = list.filter((x) => !find(x));
      if (unknown.length > 0) return fail("not_found", "unknown", { unknown });
      return ok(list.map((x) => find(x)!));
    },
    async getUser(x) {
      calls.push(`getUser ${x}`);
      const u = find(x);
      return u ? ok(u) : fail("not_found", "unknown", { unknown: [x] });
    },
    async findUsers(text, limit = 10) {
      calls.push(`findUsers ${text}`);
      if (text.trim() === "") return fail("validation", "Invalid people search: text: too small");
      const t = text.trim().toLowerCase();
      return ok(users.filter((u) => u.displayName.toLowerCase().startsWith(t) || u.mail.startsWith(t)).slice(0, limit));
    },
    getSchedules: unused,
    listCalendarView: unused,
    createEvent: unused,
    getEvent: unused,
    listInstances: unused,
    updateEventBody: unused,
  };
  return { graph, calls };
}

const person = (id: string, displayName: string, mail: string): DirectoryUser => ({ id, displayName, mail, userPrincipalName: mail });
const people = [
  person("1", "Alex Wilber", "alex.wilber@contoso.test"),
  person("2", "Alex Wilber", "alex.wilber2@contoso.test"),
  person("3", "Alex Wilberforce", "a.wilberforce@contoso.test"),
  person("4", "Adele Vance", "adele.vance@contoso.test"),
  person("5", "Lee Gu", "lee.gu@contoso.test"),
  person("6", "Leena Patel", "leena.patel@contoso.test"),
];

describe("resolvePeople", () => {
  it("resolves names and addresses, the same person typed both ways once", async () => {
    const { graph } = directory(people);
    const result = await resolvePeople(graph, splitPeople("Adele Vance, ADELE.VANCE@contoso.test and lee gu"));
    expect(result.ok ? result.value.map((u) => u.id) : result.error.message).toEqual(["4", "5"]);
  });

  it("between several people with exactly the typed name, offers just those", async () => {
    const { graph } = directory(people);
    const result = await resolvePeople(graph, ["Alex Wilber"]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("validation");
    expect(result.error.details?.["ambiguous"]).toEqual([
      { name: "alex wilber", candidates: ["Alex Wilber <alex.wilber@contoso.test>", "Alex Wilber <alex.wilber2@contoso.test>"] },
    ]);
  });

  it("ignores blank entries instead of failing on them", async () => {
    const { graph, calls } = directory(people);
    const result = await resolvePeople(graph, ["", "  ", "adele.vance@contoso.test", " lee.gu@contoso.test "]);
    expect(result.ok ? result.value.map((u) => u.id) : result.error.message).toEqual(["4", "5"]);
    expect(calls).toEqual(["getUsers adele.vance@contoso.test,lee.gu@contoso.test"]);
    const none = await resolvePeople(graph, [" ", ""]);
    expect(none.ok ? null : none.error.code).toBe("validation");
  });

  it("names unknown and ambiguous people together", async () => {
    const { graph } = directory(people);
    const result = await resolvePeople(graph, ["nobody@contoso.test", "lee", "adele.vance@contoso.test", "zed"]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("not_found");
    expect(result.error.details?.["unknown"]).toEqual(["nobody@contoso.test", "zed"]);
    expect(result.error.message).toContain('"lee" could be Lee Gu <lee.gu@contoso.test> or Leena Patel <leena.patel@contoso.test>');
  });

  it("refuses more people than a meeting may have before asking the directory", async () => {
    const { graph, calls } = directory(people);
    const many = Array.from({ length: 101 }, (_, i) => `person ${i}`);
    const result = await resolvePeople(graph, many);
    expect(result.ok ? null : result.error.code).toBe("validation");
    expect(result.ok ? "" : result.error.message).toContain("100");
    expect(calls).toEqual([]);
  });
});
