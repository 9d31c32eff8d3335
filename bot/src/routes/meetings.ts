import {
  bookVerb,
  bookedCard,
  commandProblemCard,
  createSchedulingService,
  fail,
  listMeetingsVerb,
  meetingsCollection,
  meetingsListCard,
  noticeCard,
  ok,
  proposeForAsk,
  proposeVerb,
  scheduleFormCard,
  scheduleFormVerb,
  slotsCard,
  splitAtWhen,
  type Clock,
  type DomainError,
  type GraphPort,
  type IdGen,
  type Result,
  type ScheduleAsk,
  type SchedulingService,
  type Store,
} from "@opsco/shared";
import { z } from "zod";
import type { CardAction } from "../commands/actions.js";
import type { Command } from "../commands/registry.js";
import type { CardActionResult, Turn } from "../turns/turn.js";
import { asCard, inlineError, type Feature } from "./feature.js";
import { graphNotConnected, peopleRequester } from "./requester.js";

export interface MeetingsDeps {
  store: Store;
  graph: GraphPort | undefined;
  clock: Clock;
  ids: IdGen;
  /** Dev only: the mailbox that books when the chat user is unknown to Graph (e.g. the Agents Playground). */
  organizerFallback: string | undefined;
}

const scheduleInfo = {
  name: "schedule",
  summary: "find a time that works for everyone and book it with a Teams link",
  example: "schedule Budget sync with megan, alex 30m tomorrow afternoon",
  hasForm: true,
};

export function meetingsFeature(deps: MeetingsDeps): Feature {
  const { graph, clock } = deps;
  const requester = peopleRequester(deps);
  const scheduling: SchedulingService | undefined = graph
    ? createSchedulingService({ graph, meetings: deps.store.collection(meetingsCollection), clock, ids: deps.ids })
    : undefined;

  async function propose(turn: Turn, ask: ScheduleAsk): Promise<Result<Record<string, unknown>>> {
    if (!scheduling || !graph) return { ok: false, error: graphNotConnected() };
    const me = await requester(turn);
    if (!me.ok) return me;
    const slots = await proposeForAsk({ graph, scheduling, clock }, turn.tenantId, me.value, ask);
    return slots.ok ? ok(asCard(slotsCard(slots.value))) : slots;
  }

  const problem = (error: DomainError): Record<string, unknown> => asCard(commandProblemCard(scheduleInfo, error));

  const schedule: Command<ScheduleAsk | "form"> = {
    name: "schedule",
    aliases: ["meet", "book"],
    summary: scheduleInfo.summary,
    example: scheduleInfo.example,
    parse: (text) => {
      if (text === "") return ok("form" as const);
      const match = /^(?<subject>.+?)\s+with\s+(?<rest>.+)$/i.exec(text);
      if (!match?.groups) {
        return fail("validation", 'Tell me who to meet with, e.g. "schedule Budget sync with megan, alex 30m tomorrow".', {
          issues: [{ path: "people", message: 'missing "with <people>"' }],
        });
      }
      const subject = (match.groups["subject"] ?? "").trim();
      const rest = (match.groups["rest"] ?? "").trim();
      // People come first, then duration/when: "megan, alex 30m tomorrow".
      const { before: peopleText, when: whenText } = splitAtWhen(rest, clock.now());
      const parsed = z.object({ subject: z.string().min(1).max(255), peopleText: z.string().min(1).max(2000) }).safeParse({ subject, peopleText });
      if (!parsed.success) return fail("validation", "Give the meeting a title and name the people, e.g. " + scheduleInfo.example);
      return ok({ subject, peopleText, whenText });
    },
    run: async (turn, args) => {
      if (args === "form") {
        await turn.send({ kind: "card", card: asCard(scheduleFormCard()), summary: "Schedule a meeting" });
        return;
      }
      const card = await propose(turn, args);
      await turn.send(card.ok ? { kind: "card", card: card.value, summary: `Times for ${args.subject}` } : { kind: "card", card: problem(card.error), summary: card.error.message });
    },
    form: () => asCard(scheduleFormCard()),
  };

  const meetings: Command<void> = {
    name: "meetings",
    aliases: ["upcoming"],
    summary: "your upcoming meetings that opsco booked or tracks",
    example: "meetings",
    parse: () => ok(undefined),
    run: async (turn) => {
      const card = await upcomingCard(turn);
      await turn.send({ kind: "card", card: card.ok ? card.value : problem(card.error), summary: "Upcoming meetings" });
    },
  };

  async function upcomingCard(turn: Turn): Promise<Result<Record<string, unknown>>> {
    if (!scheduling) return { ok: false, error: graphNotConnected() };
    const me = await requester(turn);
    if (!me.ok) return me;
    const list = await scheduling.listUpcoming(turn.tenantId, { userEmail: me.value.mail, limit: 10 });
    if (!list.ok) return list;
    return ok(asCard(meetingsListCard(list.value, me.value.timeZone)));
  }

  const proposeAction: CardAction<z.output<typeof proposeVerb.schema>> = {
    verb: proposeVerb,
    handle: async (turn, data) => {
      const card = await propose(turn, { subject: data.subject, peopleText: data.attendees, durationMinutes: data.duration, whenText: data.when });
      // Problems come back as a card that keeps the form's values, so nothing typed is lost.
      if (!card.ok) {
        return {
          kind: "card",
          card: asCard(
            scheduleFormCard({ subject: data.subject, attendees: data.attendees, duration: data.duration, ...(data.when ? { when: data.when } : {}) }, card.error.message),
          ),
        };
      }
      return { kind: "card", card: card.value };
    },
  };

  const formAction: CardAction<z.output<typeof scheduleFormVerb.schema>> = {
    verb: scheduleFormVerb,
    handle: async (_turn, data) => ({ kind: "card", card: asCard(scheduleFormCard(data)) }),
  };

  const bookAction: CardAction<z.output<typeof bookVerb.schema>> = {
    verb: bookVerb,
    handle: async (turn, data): Promise<CardActionResult> => {
      if (!scheduling) return inlineError(graphNotConnected());
      const me = await requester(turn);
      if (!me.ok) return inlineError(me.error);
      // Card data comes from the client: only the organizer the card was made for may book with it.
      if (me.value.mail.toLowerCase() !== data.organizer.toLowerCase()) {
        return { kind: "error", statusCode: 400, code: "forbidden", message: `Only ${data.organizer} can book this meeting.` };
      }
      const attendees = [
        ...data.required.map((email) => ({ email, type: "required" as const })),
        ...data.optional.map((email) => ({ email, type: "optional" as const })),
      ].filter((a) => a.email !== data.organizer);
      const booked = await scheduling.book(turn.tenantId, {
        organizer: data.organizer,
        subject: data.subject,
        slot: { start: data.start, end: data.end },
        attendees,
        timeZone: data.timeZone,
        requestedBy: me.value.userId,
      });
      if (!booked.ok) {
        return {
          kind: "card",
          card: asCard(
            noticeCard(`Couldn't book ${data.subject}`, booked.error.message, [
              scheduleFormVerb.action("Find other times", { subject: data.subject, attendees: attendees.map((a) => a.email).join(", ") }),
            ]),
          ),
        };
      }
      return { kind: "card", card: asCard(bookedCard(booked.value)) };
    },
  };

  const listAction: CardAction<z.output<typeof listMeetingsVerb.schema>> = {
    verb: listMeetingsVerb,
    handle: async (turn) => {
      const card = await upcomingCard(turn);
      return card.ok ? { kind: "card", card: card.value } : inlineError(card.error);
    },
  };

  return { commands: [schedule, meetings], actions: [proposeAction, formAction, bookAction, listAction] };
}
