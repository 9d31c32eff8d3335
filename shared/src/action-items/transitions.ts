import { z } from "zod";
import { fail, ok, type Result } from "../errors.js";
import { isoDateSchema, userIdSchema } from "../common/schemas.js";
import {
  actionItemStatuses,
  maxActionItemHistory,
  type ActionItem,
  type ActionItemChange,
  type ActionItemStatus,
} from "./model.js";

/**
 * Changes to an action item as pure functions: each validates the change, returns the next document with
 * a history entry, and never mutates its argument. Repeating a change that is already in effect returns
 * the item unchanged — Teams retries card invokes, and a duplicate "Done" click must not add history.
 */

export interface ActionItemChangeContext {
  /** Who makes the change (AAD object id, or "opsco" for the scheduler). */
  by: string;
  /** Instant of the change, ISO UTC (from the injected clock). */
  at: string;
  /** The actor's local calendar day, for snooze validation. */
  today: string;
}

/**
 * Allowed moves. `done → open` is a reopen. `cancelled` is terminal: a cancelled item has left every
 * radar and its due date is stale, so "undo" means creating a new item rather than resurrecting it.
 */
const allowed: Record<ActionItemStatus, readonly ActionItemStatus[]> = {
  open: ["done", "snoozed", "cancelled"],
  snoozed: ["open", "done", "snoozed", "cancelled"],
  done: ["open"],
  cancelled: [],
};

export const actionItemStatusChangeSchema = z.object({
  to: z.enum(actionItemStatuses),
  snoozedUntil: isoDateSchema.optional(),
  note: z.string().trim().max(1000).optional(),
});
export type ActionItemStatusChange = z.output<typeof actionItemStatusChangeSchema>;

export function canChangeActionItemStatus(from: ActionItemStatus, to: ActionItemStatus): boolean {
  return allowed[from].includes(to);
}

function withHistory(item: ActionItem, ctx: ActionItemChangeContext, change: ActionItemChange, fields: Partial<ActionItem>): ActionItem {
  const history = [...item.history, { at: ctx.at, by: ctx.by, change }].slice(-maxActionItemHistory);
  return { ...item, ...fields, updatedAt: ctx.at, history };
}

const invalid = (path: string, message: string) => fail("validation", message, { issues: [{ path, message }] });

export function changeActionItemStatus(item: ActionItem, change: ActionItemStatusChange, ctx: ActionItemChangeContext): Result<ActionItem> {
  const { to } = change;
  if (to === "snoozed") {
    if (change.snoozedUntil === undefined) return invalid("snoozedUntil", "Snoozing needs a date to wake up on");
    if (change.snoozedUntil <= ctx.today) return invalid("snoozedUntil", "Snooze until a day after today");
    if (item.status === "snoozed" && item.snoozedUntil === change.snoozedUntil) return ok(item);
  } else if (item.status === to) {
    return ok(item);
  }
  if (!canChangeActionItemStatus(item.status, to)) {
    return invalid("status", `A ${item.status} action item cannot become ${to}`);
  }
  const entry: ActionItemChange = {
    kind: "status",
    from: item.status,
    to,
    ...(to === "snoozed" ? { snoozedUntil: change.snoozedUntil } : {}),
    ...(change.note ? { note: change.note } : {}),
  };
  return ok(
    withHistory(item, ctx, entry, {
      status: to,
      snoozedUntil: to === "snoozed" ? (change.snoozedUntil ?? null) : null,
      completedAt: to === "done" ? ctx.at : null,
    }),
  );
}

/** Hand the item to someone else. Closed items keep their owner (the record of who did it). */
export function reassignActionItem(item: ActionItem, ownerId: string, ctx: ActionItemChangeContext): Result<ActionItem> {
  const parsed = userIdSchema.safeParse(ownerId);
  if (!parsed.success) return invalid("ownerId", "An action item needs an owner");
  if (parsed.data === item.ownerId) return ok(item);
  if (item.status === "done" || item.status === "cancelled") return invalid("status", `A ${item.status} action item cannot be reassigned`);
  return ok(withHistory(item, ctx, { kind: "reassigned", from: item.ownerId, to: parsed.data }, { ownerId: parsed.data }));
}

/** Move the due date. A past date is allowed (logging a deadline that already slipped is honest). */
export function rescheduleActionItem(item: ActionItem, dueDate: string, ctx: ActionItemChangeContext): Result<ActionItem> {
  const parsed = isoDateSchema.safeParse(dueDate);
  if (!parsed.success) return invalid("dueDate", "Due date must be a date as yyyy-MM-dd");
  if (parsed.data === item.dueDate) return ok(item);
  if (item.status === "done" || item.status === "cancelled") return invalid("status", `A ${item.status} action item cannot be rescheduled`);
  return ok(withHistory(item, ctx, { kind: "rescheduled", from: item.dueDate, to: parsed.data }, { dueDate: parsed.data }));
}
