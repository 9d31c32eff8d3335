import { FixedClock, SequentialIds, fail, ok, scheduleFormCard, type OutgoingMessage } from "@opsco/shared";
import { MemoryStore, findExecuteActions } from "@opsco/shared/testing";
import { CommandRegistry, type Command } from "../commands/registry.js";
import { createLogger } from "../logger.js";
import type { Turn } from "../turns/turn.js";
import { commandInfo, helpCardFor, helpCommand } from "./help.js";
import { botRoutes } from "./index.js";

const log = createLogger("silent");

function fakeTurn(): { turn: Turn; sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  const turn: Turn = {
    tenantId: "tenant-1",
    conversationRefId: "conv-1",
    conversationKind: "personal",
    user: { channelUserId: "29:adele", aadObjectId: "aad-adele", name: "Adele Vance", timeZone: "UTC" },
    locale: "en-US",
    log,
    send: async (message) => void sent.push(message),
  };
  return { turn, sent };
}

/** A no-argument command that records its runs (stands in for any future command without a form). */
function pingCommand(runs: Turn[]): Command<void> {
  return {
    name: "ping",
    aliases: [],
    summary: "checks that I am here",
    example: "ping",
    parse: () => ok(undefined),
    run: async (turn) => {
      runs.push(turn);
      await turn.send({ kind: "text", text: "pong" });
    },
  };
}

/** A command that needs arguments: running it from a button with none fails its parse. */
const remindCommand: Command<string> = {
  name: "remind",
  aliases: [],
  summary: "reminds you of something",
  example: "remind me to renew the Contoso contract",
  parse: (text) => (text ? ok(text) : fail("validation", "Tell me what to remind you of")),
  run: async () => undefined,
};

/** The bot's command set as compose.ts wires it (Graph not needed for help), plus the two test commands. */
function setUp() {
  const pings: Turn[] = [];
  const { commands, actions } = botRoutes({
    store: new MemoryStore(),
    graph: undefined,
    clock: new FixedClock("2025-11-24T08:00:00Z"),
    ids: new SequentialIds(),
    organizerFallback: undefined,
  });
  commands.register(pingCommand(pings));
  commands.register(remindCommand);
  return { commands, actions, pings };
}

describe("help command", () => {
  it("answers with one card listing every registered command, each with a button", async () => {
    const { commands } = setUp();
    const { turn, sent } = fakeTurn();
    const help = commands.find("help")!;
    const parsed = await help.parse("", turn);
    expect(parsed.ok).toBe(true);
    await help.run(turn, parsed.ok ? parsed.value : undefined);

    expect(sent).toHaveLength(1);
    const message = sent[0]!;
    expect(message).toMatchObject({ kind: "card", summary: "opsco commands" });
    const card = message.kind === "card" ? message.card : {};
    expect(card).toMatchObject({ type: "AdaptiveCard" });
    const json = JSON.stringify(card);
    for (const c of commands.all()) {
      expect(json).toContain(c.name);
      expect(json).toContain(c.summary);
    }
    // Commands with a form open it; the others run straight away.
    expect(findExecuteActions(card).map((a) => [a.verb, a.data])).toEqual([
      ["help.run", { command: "help" }],
      ["help.form", { command: "schedule" }],
      ["help.run", { command: "meetings" }],
      ["help.run", { command: "ping" }],
      ["help.run", { command: "remind" }],
    ]);
  });

  it("reads the registry when it runs, so commands registered after help are listed too", () => {
    const commands = new CommandRegistry();
    commands.register(helpCommand(commands));
    commands.register(remindCommand);
    expect(JSON.stringify(helpCardFor(commands))).toContain("remind");
  });

  it("describes commands by name, summary, example and whether they have a form", () => {
    const { commands } = setUp();
    expect(commandInfo(commands.find("schedule")!)).toMatchObject({ name: "schedule", hasForm: true });
    expect(commandInfo(commands.find("remind")!)).toEqual({
      name: "remind",
      summary: "reminds you of something",
      example: "remind me to renew the Contoso contract",
      hasForm: false,
    });
  });
});

describe("help card buttons (helpActions)", () => {
  it("help.form opens the command's form card", async () => {
    const { actions } = setUp();
    const { turn, sent } = fakeTurn();
    const result = await actions.dispatch(turn, "help.form", { command: "schedule" });
    expect(result).toEqual({ kind: "card", card: scheduleFormCard() });
    // Aliases work too: the button data names a command word.
    expect(await actions.dispatch(turn, "help.form", { command: "meet" })).toEqual(result);
    expect(sent).toHaveLength(0);
  });

  it("help.form of a command without a form shows the help card", async () => {
    const { actions, commands } = setUp();
    const { turn } = fakeTurn();
    expect(await actions.dispatch(turn, "help.form", { command: "ping" })).toEqual({ kind: "card", card: helpCardFor(commands) });
  });

  it("help.run runs a command that needs no arguments and keeps the help card in place", async () => {
    const { actions, commands, pings } = setUp();
    const { turn, sent } = fakeTurn();
    const result = await actions.dispatch(turn, "help.run", { command: "ping" });
    expect(pings).toEqual([turn]);
    expect(sent).toEqual([{ kind: "text", text: "pong" }]);
    expect(result).toEqual({ kind: "card", card: helpCardFor(commands) });
  });

  it("help.run of a real no-argument command (meetings) sends its answer", async () => {
    const { actions } = setUp();
    const { turn, sent } = fakeTurn();
    const result = await actions.dispatch(turn, "help.run", { command: "meetings" });
    expect(result.kind).toBe("card");
    // Without Graph the meetings command explains itself rather than staying silent.
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain("Microsoft Graph is not connected");
  });

  it("help.run of help answers with the help card and sends nothing else", async () => {
    const { actions, commands } = setUp();
    const { turn, sent } = fakeTurn();
    expect(await actions.dispatch(turn, "help.run", { command: "help" })).toEqual({ kind: "card", card: helpCardFor(commands) });
    expect(sent).toHaveLength(0);
  });

  it("help.run of a command whose arguments are missing answers 400 with the command's message", async () => {
    const { actions } = setUp();
    const { turn, sent } = fakeTurn();
    expect(await actions.dispatch(turn, "help.run", { command: "remind" })).toEqual({
      kind: "error",
      statusCode: 400,
      code: "validation",
      message: "Tell me what to remind you of",
    });
    expect(sent).toHaveLength(0);
  });

  it("answers a command name that no longer exists with a 404 error result", async () => {
    const { actions, pings } = setUp();
    const { turn, sent } = fakeTurn();
    for (const verb of ["help.form", "help.run"]) {
      const result = await actions.dispatch(turn, verb, { command: "renewals" });
      expect(result).toMatchObject({ kind: "error", statusCode: 404, code: "unknown_command" });
      expect(result.kind === "error" && result.message).toContain('"renewals"');
    }
    expect(sent).toHaveLength(0);
    expect(pings).toHaveLength(0);
  });

  it("answers malformed button data with 400 before looking anything up", async () => {
    const { actions } = setUp();
    const { turn } = fakeTurn();
    for (const data of [{}, { command: "" }, { command: 42 }, { command: "Help!" }, { command: "x".repeat(41) }]) {
      expect(await actions.dispatch(turn, "help.run", data)).toMatchObject({ kind: "error", statusCode: 400, code: "validation" });
    }
  });
});
