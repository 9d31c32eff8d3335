import { instantSchema, ok, type Meeting, type PeopleDirectory, type SchedulingService } from "@opsco/shared";
import { z } from "zod";
import { callerProfile } from "../people.js";
import { defineRoute, queryInt, type ApiRoute } from "../route.js";

/** GET /api/v1/meetings?from=&limit= — the caller's upcoming meetings (organizer or attendee), soonest first. */
export interface MeetingView {
  id: string;
  subject: string;
  start: string;
  end: string;
  timeZone: string;
  organizer: { email: string };
  attendees: Meeting["attendees"];
  ownerId: string | null;
  agenda: Meeting["agenda"];
  joinUrl: string | null;
  graphEventId: string;
  seriesMasterId: string | null;
  source: Meeting["source"];
}

export function meetingView(m: Meeting): MeetingView {
  return {
    id: m.id,
    subject: m.subject,
    start: m.start,
    end: m.end,
    timeZone: m.timeZone,
    organizer: { email: m.organizer.email },
    attendees: m.attendees,
    ownerId: m.ownerId ?? null,
    agenda: m.agenda,
    joinUrl: m.joinUrl ?? null,
    graphEventId: m.graphEventId,
    seriesMasterId: m.seriesMasterId ?? null,
    source: m.source,
  };
}

const listQuery = z.strictObject({
  /** Default: now. */
  from: instantSchema.optional(),
  /** Default 20. */
  limit: queryInt(1, 100).optional(),
});

export function meetingsRoutes(deps: { people: PeopleDirectory | undefined; scheduling: SchedulingService | undefined }): ApiRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/meetings",
      query: listQuery,
      async handle({ caller, query }) {
        const profile = await callerProfile(deps.people, caller);
        if (!profile.ok) return profile;
        // Without a mailbox nobody can invite you: there is nothing to list.
        if (!profile.value.mail || !deps.scheduling) return ok({ body: { items: [] } });
        const meetings = await deps.scheduling.listUpcoming(caller.tenantId, { userEmail: profile.value.mail, ...query });
        return meetings.ok ? ok({ body: { items: meetings.value.map(meetingView) } }) : meetings;
      },
    }),
  ];
}
