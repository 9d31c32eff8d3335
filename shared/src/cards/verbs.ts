/**
 * Verbs: one zod schema per card action, shared by the card that emits the button and the route that
 * handles the click. `defineVerb("todo.done", schema)` gives `.action(title, data)` (typed by the schema's
 * input) and `.parse(data)` (a Result, never a throw). `verbRegistry(...)` reads an incoming payload —
 * either an `adaptiveCard/action` invoke (Action.Execute) or the message a pre-1.4 client sends for the
 * Action.Submit fallback — and returns a discriminated union a route can `switch` on.
 */
import { z } from "zod";
import { err, fail, ok, parseWith, validationError, type Result } from "../errors.js";
import { executeAction, SUBMIT_VERB_KEY, type ExecuteActionSpec } from "./actions.js";
import type { ActionData, ExecuteAction } from "./types.js";

/** How the click arrived: invoke from Action.Execute, or message activity from the Submit fallback. */
export type ActionVia = "execute" | "submit";

export interface ActionPayload {
  verb: string;
  /** The action's data merged with the card's input values (Teams merges them). */
  data: Record<string, unknown>;
  via: ActionVia;
  /** Execute only: "automatic" for a refresh, "manual" for a click. */
  trigger?: "manual" | "automatic";
}

export type VerbActionOptions = Omit<ExecuteActionSpec, "verb" | "title" | "data">;

export interface Verb<N extends string = string, S extends z.ZodType = z.ZodType> {
  readonly name: N;
  readonly schema: S;
  /** An Action.Execute (with Submit fallback) carrying `data` for this verb. */
  action(title: string, data: z.input<S>, options?: VerbActionOptions): ExecuteAction;
  /** Validates incoming data (extra keys such as unrelated inputs are dropped by object schemas). */
  parse(data: unknown): Result<z.output<S>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: the registry only needs names
export type AnyVerb = Verb<string, any>;

const VERB_NAME = /^[a-z][a-zA-Z0-9]*(?:[._:-][a-zA-Z0-9]+)*$/;
const MAX_VERB_LENGTH = 64;

/**
 * Defines a verb. A bad name or a schema that uses the reserved `verb` key is a programming error and throws
 * at module load, not at click time.
 */
export function defineVerb<const N extends string, S extends z.ZodType>(name: N, schema: S): Verb<N, S> {
  if (name.length > MAX_VERB_LENGTH || !VERB_NAME.test(name)) {
    throw new Error(`defineVerb: "${name}" is not a valid verb name (e.g. "todo.done", ≤ ${MAX_VERB_LENGTH} chars)`);
  }
  if (schema instanceof z.ZodObject && SUBMIT_VERB_KEY in schema.shape) {
    throw new Error(`defineVerb("${name}"): data may not have a "${SUBMIT_VERB_KEY}" field (reserved for the Submit fallback)`);
  }
  return {
    name,
    schema,
    action: (title, data, options = {}) => executeAction({ ...options, verb: name, title, data: data as ActionData }),
    parse: (data) => parseWith(schema, data, `"${name}" card data`),
  };
}

const dataSchema = z.record(z.string(), z.unknown());
const verbNameSchema = z.string().min(1).max(MAX_VERB_LENGTH);

/** `activity.value` of an `adaptiveCard/action` invoke. */
const executeInvokeSchema = z.object({
  action: z.object({
    type: z.literal("Action.Execute"),
    verb: verbNameSchema,
    data: dataSchema.optional(),
  }),
  trigger: z.enum(["manual", "automatic"]).optional(),
});

/** `activity.value` of the message a pre-1.4 client sends for our Action.Submit fallback. */
const submitValueSchema = z.looseObject({ [SUBMIT_VERB_KEY]: verbNameSchema });

/**
 * Reads either payload shape into { verb, data, via }; anything else is a `validation` error with issues.
 * A top-level `verb` means the Submit fallback (an invoke value only has `action` and `trigger`).
 */
export function readActionPayload(value: unknown): Result<ActionPayload> {
  const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
  if (isObject && SUBMIT_VERB_KEY in value) {
    const submit = submitValueSchema.safeParse(value);
    if (!submit.success) return err(validationError("card action", submit.error));
    const { [SUBMIT_VERB_KEY]: verb, ...data } = submit.data;
    return ok({ verb, data, via: "submit" });
  }
  const execute = executeInvokeSchema.safeParse(value);
  if (!execute.success) return err(validationError("card action", execute.error));
  const { action, trigger } = execute.data;
  return ok({ verb: action.verb, data: action.data ?? {}, via: "execute", ...(trigger ? { trigger } : {}) });
}

export type ParsedAction<V extends AnyVerb> = V extends Verb<infer N, infer S>
  ? { verb: N; data: z.output<S>; via: ActionVia; trigger?: "manual" | "automatic" }
  : never;

export interface VerbRegistry<V extends AnyVerb> {
  readonly verbs: readonly V[];
  has(name: string): boolean;
  /** Payload → the verb's parsed data. Unknown verb or bad data → `validation` error with issues. */
  parse(value: unknown): Result<ParsedAction<V>>;
}

export function verbRegistry<const V extends readonly AnyVerb[]>(...verbs: V): VerbRegistry<V[number]> {
  const byName = new Map<string, AnyVerb>();
  for (const verb of verbs) {
    if (byName.has(verb.name)) throw new Error(`verbRegistry: verb "${verb.name}" is defined twice`);
    byName.set(verb.name, verb);
  }
  return {
    verbs,
    has: (name) => byName.has(name),
    parse(value) {
      const payload = readActionPayload(value);
      if (!payload.ok) return payload;
      const { verb: name, data, via, trigger } = payload.value;
      const verb = byName.get(name);
      if (!verb) {
        return fail("validation", `Unknown card action "${name}"`, {
          issues: [{ path: "verb", message: `unknown verb "${name}"`, code: "unknown_verb" }],
        });
      }
      const parsed = verb.parse(data);
      if (!parsed.ok) return parsed;
      return ok({ verb: name, data: parsed.value, via, ...(trigger ? { trigger } : {}) } as ParsedAction<V[number]>);
    },
  };
}
