import { z } from "zod";
import { defineVerb } from "../cards/verbs.js";

/** Buttons of the conversational cards (help, welcome, did-you-mean). */
const commandName = z.string().trim().min(1).max(40).regex(/^[a-z][a-z-]*$/);

/** Open a command's card form (no syntax to learn). */
export const openFormVerb = defineVerb("help.form", z.object({ command: commandName }));
/** Run a command that needs no arguments (e.g. `meetings`, `help`). */
export const runCommandVerb = defineVerb("help.run", z.object({ command: commandName }));
