import { parseWith } from "../errors.js";
import { deliveriesCollection } from "./collection.js";
import { deliveryId, deliverySchema, newDelivery, parseDeliveryInput, type Delivery } from "./delivery-model.js";
import { claimDelivery, isClaimable, markDeliveryFailed, markDeliverySent } from "./delivery-state.js";

const t0 = "2026-11-25T07:00:00.000Z";
const key = { subscriptionId: "ds_1", period: t0, recipient: "a%3A1xyz" };

function pending(): Delivery {
  const parsed = parseDeliveryInput({ ...key, payload: { type: "AdaptiveCard", version: "1.5" } });
  if (!parsed.ok) throw parsed.error;
  return newDelivery(parsed.value, { tenantId: "t1", now: t0 });
}

const at = (seconds: number) => new Date(Date.parse(t0) + seconds * 1000).toISOString();

function value<T>(r: { ok: true; value: T } | { ok: false; error: Error }): T {
  if (!r.ok) throw r.error;
  return r.value;
}

describe("delivery model", () => {
  it("derives a deterministic, store-safe id from subscription + period + recipient", () => {
    expect(deliveryId(key)).toBe(deliveryId({ ...key }));
    expect(deliveryId(key)).not.toBe(deliveryId({ ...key, recipient: "other" }));
    expect(deliveryId({ subscriptionId: "s", period: "p/1?#", recipient: "r\\x" })).not.toMatch(/[/\\?#]/);
    expect(deliveryId({ ...key, recipient: "r".repeat(300) }).length).toBeLessThanOrEqual(200);
    const d = pending();
    expect(d).toMatchObject({ id: deliveryId(key), status: "pending", attempts: 0, nextAttemptAt: t0 });
    expect(parseWith(deliverySchema, d, "delivery")).toEqual({ ok: true, value: d });
    for (const field of deliveriesCollection.indexes) expect(Object.keys(d)).toContain(field);
  });

  it("refuses a stored delivery whose id does not match its key, and bad input", () => {
    const parsed = parseWith(deliverySchema, { ...pending(), id: "dlv:other" }, "delivery");
    expect(!parsed.ok && parsed.error.issues.map((i) => i.path)).toEqual(["id"]);
    const bad = parseDeliveryInput({ ...key, recipient: "" });
    expect(!bad.ok && bad.error.issues.map((i) => i.path)).toContain("recipient");
  });
});

describe("delivery state machine", () => {
  it("claims, then records success with the activity id", () => {
    const claimed = value(claimDelivery(pending(), t0, 60_000));
    expect(claimed).toMatchObject({ status: "sending", attempts: 1, leaseUntil: at(60) });
    expect(claimDelivery(claimed, at(30), 60_000).ok).toBe(false); // lease held
    const sent = value(markDeliverySent(claimed, { activityId: "1:abc", now: at(2) }));
    expect(sent).toMatchObject({ status: "sent", activityId: "1:abc", sentAt: at(2), leaseUntil: null });
    expect(parseWith(deliverySchema, sent, "delivery").ok).toBe(true);
    expect(markDeliverySent(sent, { activityId: "1:abc", now: at(3) })).toEqual({ ok: true, value: sent });
    const again = claimDelivery(sent, at(999), 60_000);
    expect(!again.ok && again.error.code).toBe("conflict");
  });

  it("lets another worker take over an expired lease", () => {
    const claimed = value(claimDelivery(pending(), t0, 60_000));
    expect(isClaimable(claimed, at(59))).toBe(false);
    expect(isClaimable(claimed, at(60))).toBe(true);
    expect(value(claimDelivery(claimed, at(61), 60_000)).attempts).toBe(2);
  });

  it("backs off exponentially, honours Retry-After, and goes dead after the last attempt", () => {
    const policy = { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 };
    let d = value(claimDelivery(pending(), t0, 5_000));
    d = value(markDeliveryFailed(d, { error: "503", now: at(1) }, policy));
    expect(d).toMatchObject({ status: "failed", nextAttemptAt: at(11), lastError: "503", leaseUntil: null });
    expect(claimDelivery(d, at(10), 5_000).ok).toBe(false);
    d = value(claimDelivery(d, at(11), 5_000));
    d = value(markDeliveryFailed(d, { error: "429", now: at(12), retryAfterMs: 45_000 }, policy));
    expect(d.nextAttemptAt).toBe(at(57)); // Retry-After 45 s beats the 20 s backoff
    d = value(claimDelivery(d, at(57), 5_000));
    d = value(markDeliveryFailed(d, { error: "503", now: at(58) }, policy));
    expect(d).toMatchObject({ status: "dead", attempts: 3, nextAttemptAt: null });
    expect(isClaimable(d, at(9999))).toBe(false);
  });

  it("stops at once on a permanent error and truncates long errors", () => {
    const claimed = value(claimDelivery(pending(), t0, 5_000));
    const dead = value(markDeliveryFailed(claimed, { error: "x".repeat(5000), now: at(1), permanent: true }));
    expect(dead.status).toBe("dead");
    expect(dead.lastError).toHaveLength(2000);
    expect(markDeliveryFailed(pending(), { error: "e", now: t0 }).ok).toBe(false);
  });
});
