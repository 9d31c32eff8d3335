// How errors the @azure/cosmos SDK throws become domain errors. The contract suite (tests/contract) sees
// 404/409/412 and an outage through cosmosdb-server; this covers answers that emulator never gives.
import { ErrorResponse, TimeoutError } from "@azure/cosmos";
import { cosmosFailure, isCosmosError } from "./failures.js";

const sdkError = (code: number, message = `status ${code}`): ErrorResponse => Object.assign(new ErrorResponse(message), { code });
const codeOf = (e: unknown): string => cosmosFailure(e, "things t1").error.code;

describe("cosmosFailure", () => {
  it("maps the statuses the port names", () => {
    expect([404, 409, 412, 429, 400, 408, 503].map((s) => codeOf(sdkError(s)))).toEqual([
      "not_found",
      "duplicate",
      "conflict",
      "rate_limited",
      "validation",
      "unavailable",
      "unavailable",
    ]);
  });

  // 449 Retry With: Cosmos refused a write that raced another write to the same item; "safe to retry".
  // As `upstream`, mutate() gave up at once instead of re-reading and retrying like after a 412.
  it("treats 449 (concurrent write, retry) as a conflict, so read-modify-write loops retry it", () => {
    expect(codeOf(sdkError(449))).toBe("conflict");
  });

  // The SDK's own request timeout (after its failover retries) has code "TimeoutError", not a status.
  it("treats the SDK's request timeout as `unavailable`, like a network failure", () => {
    const timeout = new TimeoutError();
    expect(isCosmosError(timeout)).toBe(true);
    expect(codeOf(timeout)).toBe("unavailable");
  });

  it("keeps other failures as `upstream` with their status, and network codes as `unavailable`", () => {
    const upstream = cosmosFailure(sdkError(500), "things t1");
    expect(upstream.error.code).toBe("upstream");
    expect(upstream.error.details).toMatchObject({ status: 500 });
    expect(codeOf(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toBe("unavailable");
  });
});
