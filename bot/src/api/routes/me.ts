import { ok, type PeopleDirectory, type UserProfile } from "@opsco/shared";
import type { ApiCaller } from "../auth.js";
import { callerProfile } from "../people.js";
import { defineRoute, type ApiRoute } from "../route.js";

/** GET /api/v1/me — who the pane is signed in as: profile, time zone and working hours. */
export interface MeView {
  id: string;
  tenantId: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string | null;
  jobTitle: string | null;
  timeZone: string;
  workingHours: UserProfile["workingHours"] | null;
  managerId: string | null;
}

export function meView(profile: UserProfile, caller: ApiCaller): MeView {
  return {
    id: profile.id,
    tenantId: caller.tenantId,
    displayName: profile.displayName,
    mail: profile.mail,
    userPrincipalName: profile.userPrincipalName ?? null,
    jobTitle: profile.jobTitle ?? null,
    timeZone: profile.timeZone,
    workingHours: profile.workingHours ?? null,
    managerId: profile.managerId,
  };
}

export function meRoutes(deps: { people: PeopleDirectory | undefined }): ApiRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/me",
      async handle({ caller }) {
        const profile = await callerProfile(deps.people, caller);
        return profile.ok ? ok({ body: meView(profile.value, caller) }) : profile;
      },
    }),
  ];
}
