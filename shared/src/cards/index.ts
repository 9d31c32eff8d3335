// Adaptive Card 1.5 builders (plain JSON, no SDK). Feature cards live in shared/src/<feature>/cards.ts.
export * from "./types.js";
export * from "./text.js";
export * from "./elements.js";
export * from "./actions.js";
export * from "./card.js";
export * from "./verbs.js";
export * from "./common.js";
