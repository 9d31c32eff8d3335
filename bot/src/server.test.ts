import { jest } from "@jest/globals";
import { main } from "./server.js";

describe("production entry point", () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("refuses to start without a bot app id unless OPSCO_DEV=1, naming the variable", async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      errors.push(args.join(" "));
    });
    try {
      await main({});
    } finally {
      spy.mockRestore();
    }
    expect(process.exitCode).toBe(1);
    expect(errors.join("\n")).toContain("MICROSOFT_APP_ID");
  });
});
