/**
 * Renders Adaptive Cards with the real `adaptivecards` library (v3) in jsdom and reports every problem, so a
 * test can fail on a card Teams would render wrong.
 *
 * How it loads: the package's `lib/` build is extensionless ESM that Node cannot import, so we evaluate the UMD
 * bundle `dist/adaptivecards.min.js` *inside* a jsdom window (`runScripts: "outside-only"`). The library then
 * sees `window`/`document`/`HTMLElement` of that window, and nothing leaks onto Node's globalThis (botbuilder,
 * jose & co. in the same test file keep seeing a Node environment).
 *
 * What counts as a problem:
 * - warnings: every event the library logs while parsing (unknown element/action type, invalid enum value,
 *   property newer than 1.5, …) and every `validateProperties()` failure (duplicate ids, empty ChoiceSet,
 *   required input without label/errorMessage, too many actions, …).
 * - errors: what the library does not check but Teams/opsco need — unknown properties (typos are silently
 *   dropped by the parser), required properties missing (TextBlock.text, Image.url, …), Action.Execute without
 *   verb or without an Action.Submit fallback that repeats the verb, Action.Execute outside an ActionSet,
 *   card version not in 1.4…1.5, refresh.userIds over 60, card ≥ 80 KB, render exceptions.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { JSDOM } from "jsdom";
import type * as ACLib from "adaptivecards";

type AdaptiveCards = typeof ACLib;

export interface RenderedAction {
  type: string;
  title: string;
  verb?: string;
  data?: unknown;
  url?: string;
}

export interface RenderResult {
  html: string;
  warnings: string[];
  errors: string[];
  /** Actions as a current Teams client shows them (incl. nested ShowCard and selectAction ones). */
  actions: RenderedAction[];
  /** Actions as a client < 1.4 shows them: each Action.Execute replaced by its fallback (or dropped). */
  legacyActions: RenderedAction[];
  sizeBytes: number;
  refresh?: { verb: string; userIds: string[] };
}

export const MAX_CARD_BYTES = 80_000;
const MAX_REFRESH_USER_IDS = 60;

/** Close to Teams: interactive, Segoe UI, up to 6 actions per set; the rest are library defaults. */
export const teamsLikeHostConfig = {
  supportsInteractivity: true,
  fontFamily: "'Segoe UI', system-ui, sans-serif",
  actions: { maxActions: 6, actionsOrientation: "horizontal", buttonSpacing: 8, showCard: { actionMode: "inline" } },
};

let lib: AdaptiveCards | undefined;

/** Loads the library once per test file (≈ 60 ms) into its own jsdom window. */
function adaptiveCards(): AdaptiveCards {
  if (lib) return lib;
  const require = createRequire(import.meta.url);
  const bundle = readFileSync(require.resolve("adaptivecards/dist/adaptivecards.min.js"), "utf8");
  const dom = new JSDOM("<!doctype html><html><body></body></html>", { runScripts: "outside-only", pretendToBeVisual: true });
  // jsdom has no layout engine and so no `innerText`, which the library uses to set text: map it to textContent.
  Object.defineProperty(dom.window.HTMLElement.prototype, "innerText", {
    get(this: HTMLElement) {
      return this.textContent ?? "";
    },
    set(this: HTMLElement, value: string) {
      this.textContent = value;
    },
    configurable: true,
  });
  dom.window.eval(bundle);
  const loaded = (dom.window as unknown as { AdaptiveCards: AdaptiveCards }).AdaptiveCards;
  // Without a processor the library warns once on the console; Teams does its own markdown, which we do not
  // imitate — text renders literally here (escaping is tested on the JSON in shared/src/cards).
  loaded.AdaptiveCard.onProcessMarkdown = (_text, result) => {
    result.didProcess = false;
  };
  lib = loaded;
  return lib;
}

/** Properties the parser handles outside the per-type schemas (collections, fallback, Teams extensions). */
const extraKeys: Record<string, readonly string[]> = {
  "*": ["type", "fallback", "requires"],
  AdaptiveCard: ["body", "actions", "msteams", "$schema", "version", "refresh"],
  Container: ["items"],
  Column: ["items", "width"],
  ColumnSet: ["columns"],
  ActionSet: ["actions"],
  RichTextBlock: ["inlines"],
  "Action.ShowCard": ["card"],
};

/** Required by the Adaptive Cards schema (or by opsco, for Action.Execute.verb) but not checked by the library. */
const requiredKeys: Record<string, readonly string[]> = {
  TextBlock: ["text"],
  TextRun: ["text"],
  RichTextBlock: ["inlines"],
  Image: ["url"],
  FactSet: ["facts"],
  Container: ["items"],
  Column: ["items"],
  ActionSet: ["actions"],
  "Input.Text": ["id"],
  "Input.Date": ["id"],
  "Input.Time": ["id"],
  "Input.Number": ["id"],
  "Input.ChoiceSet": ["id", "choices"],
  "Input.Toggle": ["id", "title"],
  "Action.Execute": ["verb", "title"],
  "Action.Submit": ["title"],
  "Action.OpenUrl": ["url", "title"],
  "Action.ShowCard": ["card", "title"],
  "Action.ToggleVisibility": ["targetElements", "title"],
};

const isPresent = (v: unknown): boolean =>
  v !== undefined && v !== null && !(typeof v === "string" && v.trim() === "") && !(Array.isArray(v) && v.length === 0);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function schemaNames(o: ACLib.SerializableObject): Set<string> {
  const schema = o.getSchema();
  const names = new Set<string>();
  for (let i = 0; i < schema.getCount(); i++) names.add(schema.getItemAt(i).name);
  return names;
}

function unknownKeys(typeName: string, known: Set<string>, source: Json): string[] {
  const allowed = new Set([...known, ...(extraKeys["*"] ?? []), ...(extraKeys[typeName] ?? [])]);
  return Object.keys(source).filter((k) => !allowed.has(k));
}

function describeAction(a: ACLib.Action): RenderedAction {
  const out: RenderedAction = { type: a.getJsonTypeName(), title: a.title ?? "" };
  const any = a as unknown as { verb?: string; data?: unknown; url?: string };
  if (any.verb !== undefined) out.verb = any.verb;
  if (any.data !== undefined) out.data = any.data;
  if (any.url !== undefined) out.url = any.url;
  return out;
}

function label(source: Json): string {
  return `${String(source["type"])}${typeof source["id"] === "string" ? `#${source["id"]}` : ""}`;
}

/** Checks the library does not make, on the raw JSON (paths in messages point at the offending node). */
function checkSource(card: Json, errors: string[]): void {
  const version = card["version"];
  if (typeof version !== "string" || !/^1\.[45]$/.test(version)) {
    errors.push(`card version must be "1.4" or "1.5" (Action.Execute needs ≥ 1.4, Teams renders ≤ 1.5); got ${JSON.stringify(version)}`);
  }
  const refresh = card["refresh"];
  if (refresh !== undefined) {
    if (!isObject(refresh) || !isObject(refresh["action"]) || refresh["action"]["type"] !== "Action.Execute") {
      errors.push("refresh.action must be an Action.Execute");
    }
    const userIds = isObject(refresh) ? refresh["userIds"] : undefined;
    if (!Array.isArray(userIds)) errors.push("refresh.userIds must be present (Teams refreshes automatically only for listed users)");
    else if (userIds.length > MAX_REFRESH_USER_IDS) errors.push(`refresh.userIds has ${userIds.length} entries; Teams allows ${MAX_REFRESH_USER_IDS}`);
  }
  walk(card, "card", errors);
}

function walk(node: unknown, path: string, errors: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => walk(child, `${path}[${i}]`, errors));
    return;
  }
  if (!isObject(node)) return;
  const type = node["type"];
  if (typeof type === "string") {
    const inRefresh = path.includes(".refresh.");
    for (const key of requiredKeys[type] ?? []) {
      if (inRefresh && key === "title") continue; // a refresh action is never shown
      if (!isPresent(node[key])) errors.push(`${path} (${label(node)}): required property "${key}" is missing or empty`);
    }
    if (type === "AdaptiveCard") {
      for (const [i, action] of (Array.isArray(node["actions"]) ? node["actions"] : []).entries()) {
        if (isObject(action) && action["type"] === "Action.Execute") {
          errors.push(`${path}.actions[${i}]: Action.Execute in card-level actions — wrap it in an ActionSet (older Teams ignore its fallback otherwise)`);
        }
      }
    }
    if (type === "FactSet" || type === "Input.ChoiceSet") {
      const rows = node[type === "FactSet" ? "facts" : "choices"];
      (Array.isArray(rows) ? rows : []).forEach((row, i) => {
        if (!isObject(row) || !isPresent(row["title"]) || typeof row["value"] !== "string") {
          errors.push(`${path} (${label(node)}): row ${i} needs a title and a string value`);
        } else {
          const extra = Object.keys(row).filter((k) => k !== "title" && k !== "value");
          if (extra.length > 0) errors.push(`${path} (${label(node)}): row ${i} has unknown properties ${extra.join(", ")}`);
        }
      });
    }
    if (type === "Action.Execute") checkExecuteFallback(node, path, errors);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === "data" || key === "msteams") continue; // free-form payloads, not card structure
    walk(value, `${path}.${key}`, errors);
  }
}

function checkExecuteFallback(node: Json, path: string, errors: string[]): void {
  if (path.includes(".refresh.")) return; // refresh is invisible to old clients: nothing to fall back to
  const fallback = node["fallback"];
  if (fallback === "drop") return; // explicit: the button is hidden on old clients
  if (!isObject(fallback) || fallback["type"] !== "Action.Submit") {
    errors.push(`${path} (Action.Execute "${String(node["verb"])}"): needs an Action.Submit fallback for Teams clients < 1.4`);
    return;
  }
  const data = fallback["data"];
  if (!isObject(data) || data["verb"] !== node["verb"]) {
    errors.push(`${path} (Action.Execute "${String(node["verb"])}"): its Submit fallback must carry data.verb = "${String(node["verb"])}"`);
  }
}

interface ParseOutcome {
  card: ACLib.AdaptiveCard;
  events: string[];
  unknownProps: string[];
  actions: RenderedAction[];
  /** Cards behind Action.ShowCard buttons: rendered too (a browser renders them only when expanded). */
  showCards: ACLib.AdaptiveCard[];
}

/** Parse against the card's own version, so properties newer than it are reported (Teams renders ≤ 1.5). */
function targetVersion(AC: AdaptiveCards, version: unknown): ACLib.Version {
  const known: Record<string, ACLib.Version> = {
    "1.0": AC.Versions.v1_0,
    "1.1": AC.Versions.v1_1,
    "1.2": AC.Versions.v1_2,
    "1.3": AC.Versions.v1_3,
    "1.4": AC.Versions.v1_4,
    "1.5": AC.Versions.v1_5,
  };
  return (typeof version === "string" ? known[version] : undefined) ?? AC.Versions.v1_5;
}

function parse(AC: AdaptiveCards, json: Json, legacy: boolean): ParseOutcome {
  const context = new AC.SerializationContext(targetVersion(AC, json["version"]));
  if (legacy) {
    // A pre-1.4 client: it does not know Action.Execute, so the parser takes each one's `fallback`.
    const actions = new AC.CardObjectRegistry<ACLib.Action>();
    AC.GlobalRegistry.populateWithDefaultActions(actions);
    actions.unregister("Action.Execute");
    context.setActionRegistry(actions);
  }
  const unknownProps: string[] = [];
  const actions: RenderedAction[] = [];
  const showCards: ACLib.AdaptiveCard[] = [];
  context.onParseElement = (element, source: Json) => {
    for (const key of unknownKeys(element.getJsonTypeName(), schemaNames(element), source)) {
      unknownProps.push(`${label(source)}: unknown property "${key}"`);
    }
  };
  context.onParseAction = (action, source: Json) => {
    actions.push(describeAction(action));
    if (action instanceof AC.ShowCardAction) showCards.push(action.card);
    for (const key of unknownKeys(action.getJsonTypeName(), schemaNames(action), source)) {
      unknownProps.push(`${label(source)}: unknown property "${key}"`);
    }
  };
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(teamsLikeHostConfig);
  card.parse(json, context);
  for (const key of unknownKeys("AdaptiveCard", schemaNames(card), json)) unknownProps.push(`AdaptiveCard: unknown property "${key}"`);
  const events: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  return { card, events, unknownProps, actions, showCards };
}

export function renderCard(card: object, options: { maxBytes?: number } = {}): RenderResult {
  const AC = adaptiveCards();
  const warnings: string[] = [];
  const errors: string[] = [];
  let json: Json;
  try {
    json = JSON.parse(JSON.stringify(card)) as Json; // what Teams receives (drops undefined, fails on cycles)
  } catch (e) {
    return { html: "", warnings, errors: [`card is not JSON-serialisable: ${String(e)}`], actions: [], legacyActions: [], sizeBytes: 0 };
  }
  const sizeBytes = Buffer.byteLength(JSON.stringify(json), "utf8");
  const maxBytes = options.maxBytes ?? MAX_CARD_BYTES;
  if (sizeBytes >= maxBytes) errors.push(`card is ${sizeBytes} bytes; keep it under ${maxBytes}`);
  if (json["type"] !== "AdaptiveCard") errors.push(`root type must be "AdaptiveCard"; got ${JSON.stringify(json["type"])}`);

  const modern = parse(AC, json, false);
  warnings.push(...modern.events);
  errors.push(...modern.unknownProps);
  for (const e of modern.card.validateProperties().validationEvents) {
    const source = e.source as ACLib.CardObject | undefined;
    warnings.push(`${AC.ValidationEvent[e.event]}: ${e.message}${source ? ` (${source.getJsonTypeName()})` : ""}`);
  }
  checkSource(json, errors);

  let html = "";
  try {
    html = modern.card.render()?.outerHTML ?? "";
    if (html === "") errors.push("the card rendered nothing");
    for (const shown of modern.showCards) html += shown.render()?.outerHTML ?? "";
  } catch (e) {
    errors.push(`render threw: ${e instanceof Error ? e.message : String(e)}`);
  }

  const legacy = parse(AC, json, true);
  const refreshAction = modern.card.refresh?.action;
  return {
    html,
    warnings,
    errors,
    actions: modern.actions,
    legacyActions: legacy.actions,
    sizeBytes,
    ...(refreshAction ? { refresh: { verb: refreshAction.verb ?? "", userIds: modern.card.refresh?.userIds ?? [] } } : {}),
  };
}

/** For jest: renders the card and fails with every warning/error listed (size ≥ 80 KB is an error). */
export function expectCardRendersCleanly(card: object): RenderResult {
  const result = renderCard(card);
  const problems = [...result.errors.map((e) => `error: ${e}`), ...result.warnings.map((w) => `warning: ${w}`)];
  if (problems.length > 0) {
    throw new Error(`Adaptive Card does not render cleanly:\n  ${problems.join("\n  ")}`);
  }
  return result;
}
