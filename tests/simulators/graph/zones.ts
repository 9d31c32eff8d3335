/** Zone names as Graph speaks them (Windows names, IANA names, "UTC") ↔ luxon. */
import { DateTime, IANAZone } from "luxon";
import { findIana, findWindows } from "windows-iana";

/** IANA zone for a Graph time-zone name; undefined when neither Windows nor IANA knows it. */
export function ianaFromGraphName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const trimmed = name.trim();
  if (/^(utc|tzone:\/\/microsoft\/utc|etc\/utc|coordinated universal time)$/i.test(trimmed)) return "UTC";
  if (trimmed.includes("/") && IANAZone.isValidZone(trimmed)) return trimmed;
  const candidates = findIana(trimmed) ?? [];
  return candidates.find((z) => IANAZone.isValidZone(z));
}

export function windowsFromIana(zone: string): string {
  if (zone === "UTC") return "UTC";
  return findWindows(zone)?.[0] ?? "UTC";
}

/** Graph's dateTimeTimeZone dateTime: local wall time with 7 fractional digits, no offset. */
export function graphDateTime(instantMs: number, zone: string): string {
  if (zone === "UTC") return `${new Date(instantMs).toISOString().slice(0, 23)}0000`;
  return DateTime.fromMillis(instantMs, { zone }).toFormat("yyyy-LL-dd'T'HH:mm:ss.SSS'0000'");
}

/** Parses `{ dateTime, timeZone }` (wall time in a named zone) to epoch ms; undefined if invalid. */
export function parseGraphDateTime(value: unknown): number | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { dateTime, timeZone } = value as { dateTime?: unknown; timeZone?: unknown };
  if (typeof dateTime !== "string") return undefined;
  const zone = ianaFromGraphName(typeof timeZone === "string" ? timeZone : "UTC");
  if (!zone) return undefined;
  // A trailing Z / offset wins over the named zone, like Exchange does.
  const dt = DateTime.fromISO(dateTime, { zone, setZone: false });
  return dt.isValid ? dt.toMillis() : undefined;
}

/** "Prefer: outlook.timezone=\"X\"" → { label as given, IANA zone }. */
export function preferredZone(prefer: string | undefined): { label: string; zone: string } | undefined {
  if (!prefer) return undefined;
  const match = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(prefer);
  if (!match?.[1]) return undefined;
  const zone = ianaFromGraphName(match[1]);
  return zone ? { label: match[1], zone } : undefined;
}

export function preferredBodyType(prefer: string | undefined): "html" | "text" {
  return prefer && /outlook\.body-content-type\s*=\s*"?text"?/i.test(prefer) ? "text" : "html";
}
