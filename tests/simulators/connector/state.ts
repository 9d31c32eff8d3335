/**
 * What the simulated Bot Connector knows: conversations (with their current activities and members),
 * a default member roster, and Teams teams/channels. Conversations appear on first use, because the bot
 * learns them from inbound activities the simulator never sees.
 */
import { createHash, randomUUID } from "node:crypto";
import { channelIdOf, type Activity, type ConversationParameters, type TeamsMember } from "./schemas.js";

export interface ConversationSeed {
  id: string;
  tenantId?: string;
  isGroup?: boolean;
  /** Members returned by GET …/members; when absent the simulator's default roster is returned. */
  members?: TeamsMember[];
}

export interface TeamSeed {
  id: string;
  name: string;
  aadGroupId?: string;
  /** Channels returned by TeamsInfo.getTeamChannels (the General channel's id is the team id). */
  channels?: { id: string; name?: string }[];
  /** Members of the team, returned for GET /v3/conversations/{teamId}/members. */
  members?: TeamsMember[];
  tenantId?: string;
}

interface Conversation {
  id: string;
  tenantId?: string | undefined;
  isGroup: boolean;
  members?: TeamsMember[] | undefined;
  /** Current activities in send order (updates replace in place, deletes remove). */
  activities: Map<string, Activity>;
}

export class ConnectorState {
  private readonly conversations = new Map<string, Conversation>();
  private readonly teams = new Map<string, TeamSeed>();
  private nextActivity = 0;

  constructor(
    private readonly roster: readonly TeamsMember[],
    private readonly seeds: { conversations: readonly ConversationSeed[]; teams: readonly TeamSeed[] },
  ) {
    this.applySeeds();
  }

  /** Forgets all activity; keeps (re-applies) the seeded conversations and teams. */
  reset(): void {
    this.conversations.clear();
    this.teams.clear();
    this.applySeeds();
  }

  seedConversation(seed: ConversationSeed): void {
    const existing = this.conversations.get(seed.id);
    this.conversations.set(seed.id, {
      id: seed.id,
      tenantId: seed.tenantId ?? existing?.tenantId,
      isGroup: seed.isGroup ?? existing?.isGroup ?? false,
      members: seed.members ?? existing?.members,
      activities: existing?.activities ?? new Map(),
    });
  }

  seedTeam(team: TeamSeed): void {
    this.teams.set(team.id, team);
    this.seedConversation({ id: team.id, isGroup: true, ...(team.tenantId ? { tenantId: team.tenantId } : {}), ...(team.members ? { members: team.members } : {}) });
  }

  newActivityId(): string {
    // Teams activity ids are numeric strings (epoch-millisecond-like); a counter keeps them unique and ordered.
    this.nextActivity += 1;
    return String(1_700_000_000_000 + this.nextActivity);
  }

  /** The conversation, created on first use; remembers the first tenant seen for it. */
  touch(conversationId: string, tenantId?: string): Conversation {
    let conversation = this.conversations.get(conversationId);
    if (!conversation) {
      conversation = { id: conversationId, tenantId, isGroup: false, activities: new Map() };
      this.conversations.set(conversationId, conversation);
    } else if (!conversation.tenantId && tenantId) {
      conversation.tenantId = tenantId;
    }
    return conversation;
  }

  tenantOfConversation(conversationId: string): string | undefined {
    return this.conversations.get(conversationId)?.tenantId;
  }

  hasActivity(conversationId: string, activityId: string): boolean {
    return this.conversations.get(conversationId)?.activities.has(activityId) ?? false;
  }

  putActivity(conversationId: string, activity: Activity & { id: string }): void {
    this.touch(conversationId).activities.set(activity.id, activity);
  }

  deleteActivity(conversationId: string, activityId: string): boolean {
    return this.conversations.get(conversationId)?.activities.delete(activityId) ?? false;
  }

  transcript(conversationId: string): Activity[] {
    return [...(this.conversations.get(conversationId)?.activities.values() ?? [])];
  }

  listConversations(): { id: string; isGroup: boolean; tenantId?: string }[] {
    return [...this.conversations.values()].map((c) => ({ id: c.id, isGroup: c.isGroup, ...(c.tenantId ? { tenantId: c.tenantId } : {}) }));
  }

  members(conversationId: string): TeamsMember[] {
    return [...(this.conversations.get(conversationId)?.members ?? this.roster)];
  }

  member(conversationId: string, memberId: string): TeamsMember | undefined {
    // Teams accepts either the 29:… channel id or the AAD object id here.
    return this.members(conversationId).find((m) => m.id === memberId || m.aadObjectId === memberId);
  }

  removeMember(conversationId: string, memberId: string): boolean {
    const conversation = this.touch(conversationId);
    const before = this.members(conversationId);
    const after = before.filter((m) => m.id !== memberId && m.aadObjectId !== memberId);
    conversation.members = after;
    return after.length !== before.length;
  }

  team(teamId: string): TeamSeed | undefined {
    return this.teams.get(teamId);
  }

  /**
   * Id for `POST /v3/conversations`, shaped like Teams': a channel post is `<channel>;messageid=<id>`,
   * a 1:1 chat is stable per (tenant, user) like Teams' `a:…` ids, anything else is a new group chat.
   */
  createConversation(params: ConversationParameters, tenantId: string | undefined, firstActivityId: string | undefined): Conversation {
    const channelId = channelIdOf(params.channelData);
    const members = params.members ?? [];
    let id: string;
    if (channelId) {
      id = `${channelId};messageid=${firstActivityId ?? this.newActivityId()}`;
    } else if (!params.isGroup && members.length === 1) {
      const digest = createHash("sha256").update(`${tenantId ?? ""}|${members[0]?.id ?? ""}`).digest("base64url");
      id = `a:1${digest.slice(0, 40)}`;
    } else {
      id = `19:${randomUUID().replaceAll("-", "")}@thread.v2`;
    }
    const conversation = this.touch(id, tenantId);
    conversation.isGroup = Boolean(params.isGroup) || Boolean(channelId);
    if (members.length > 0) {
      const known = members.map((m) => this.roster.find((r) => r.id === m.id || r.aadObjectId === m.id) ?? m);
      conversation.members = known;
    }
    return conversation;
  }

  private applySeeds(): void {
    for (const seed of this.seeds.conversations) this.seedConversation(seed);
    for (const team of this.seeds.teams) this.seedTeam(team);
  }
}
