import { randomUUID } from "node:crypto";

/** Ids are injected so tests can predict them. */
export interface IdGen {
  next(prefix?: string): string;
}

export const uuidIds: IdGen = {
  next: (prefix) => (prefix ? `${prefix}_${randomUUID()}` : randomUUID()),
};

/** Deterministic ids for tests: prefix_1, prefix_2, … */
export class SequentialIds implements IdGen {
  private counter = 0;
  next(prefix = "id"): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }
}
