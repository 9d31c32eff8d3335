/**
 * What the simulator accepts on the wire. Loose on purpose (unknown fields pass through, as the real
 * service ignores them) but strict on the parts the real service rejects: an activity needs a `type`.
 */
import { z } from "zod";

export const channelAccountSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
  role: z.string().optional(),
});
export type ChannelAccount = z.infer<typeof channelAccountSchema>;

export const activitySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().optional(),
  text: z.string().optional(),
  replyToId: z.string().optional(),
  from: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
  recipient: z.looseObject({ id: z.string().optional() }).optional(),
  conversation: z.looseObject({ id: z.string().optional(), tenantId: z.string().optional() }).optional(),
  attachments: z.array(z.looseObject({ contentType: z.string().min(1), content: z.unknown().optional() })).optional(),
  channelData: z.unknown().optional(),
});
export type Activity = z.infer<typeof activitySchema>;

/** Body of `POST /v3/conversations` (botframework-connector's ConversationParameters). */
export const conversationParametersSchema = z.looseObject({
  isGroup: z.boolean().optional(),
  bot: channelAccountSchema.optional(),
  members: z.array(channelAccountSchema).optional(),
  topicName: z.string().optional(),
  tenantId: z.string().optional(),
  activity: activitySchema.optional(),
  channelData: z.unknown().optional(),
});
export type ConversationParameters = z.infer<typeof conversationParametersSchema>;

/** A Teams member as TeamsInfo returns it (TeamsChannelAccount). */
export const teamsMemberSchema = channelAccountSchema.extend({
  givenName: z.string().optional(),
  surname: z.string().optional(),
  email: z.string().optional(),
  userPrincipalName: z.string().optional(),
  tenantId: z.string().optional(),
  userRole: z.string().optional(),
});
export type TeamsMember = z.infer<typeof teamsMemberSchema>;

/** Tenant of an activity as Teams carries it: `conversation.tenantId` or `channelData.tenant.id`. */
export function tenantOf(activity: Activity | undefined): string | undefined {
  if (!activity) return undefined;
  if (activity.conversation?.tenantId) return activity.conversation.tenantId;
  return tenantOfChannelData(activity.channelData);
}

/** Teams' `channelData.tenant.id`. */
export function tenantOfChannelData(channelData: unknown): string | undefined {
  const parsed = z.object({ tenant: z.object({ id: z.string().min(1) }) }).safeParse(channelData);
  return parsed.success ? parsed.data.tenant.id : undefined;
}

/** Teams channel id from `channelData.channel.id` (used by TeamsInfo.sendMessageToTeamsChannel). */
export function channelIdOf(channelData: unknown): string | undefined {
  const parsed = z.object({ channel: z.object({ id: z.string().min(1) }) }).safeParse(channelData);
  return parsed.success ? parsed.data.channel.id : undefined;
}
