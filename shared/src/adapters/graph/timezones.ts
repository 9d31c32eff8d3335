/**
 * Graph speaks Windows zone names ("Pacific Standard Time") in mailboxSettings, workingHours and event
 * times; opsco keeps IANA names. windows-iana holds the CLDR mapping; CLDR's canonical ids are sometimes
 * the old IANA spellings (Asia/Calcutta), so those are renamed to today's names.
 */
import { DateTime } from "luxon";
import { isIanaZone } from "../../time/zones.js";
import { findIana, findWindows } from "windows-iana";

const CURRENT_NAMES: Record<string, string> = {
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Europe/Kiev": "Europe/Kyiv",
  "America/Godthab": "America/Nuuk",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Africa/Asmera": "Africa/Asmara",
  "America/Coral_Harbour": "America/Atikokan",
  "Pacific/Truk": "Pacific/Chuuk",
  "Pacific/Ponape": "Pacific/Pohnpei",
};

const UTC_WALL_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?$/;
const UTC_NAMES = /^(utc|gmt|etc\/utc|etc\/gmt|tzone:\/\/microsoft\/utc|coordinated universal time)$/i;

const current = (zone: string): string => {
  const renamed = CURRENT_NAMES[zone];
  return renamed && isIanaZone(renamed) ? renamed : zone;
};

/** IANA zone for a Graph zone name (Windows or IANA); undefined when unknown (e.g. "Customized Time Zone"). */
export function ianaFromGraphZone(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  // Few distinct names, many lookups (every schedule's working hours): memoise.
  if (!memo.has(name)) {
    if (memo.size > 1000) memo.clear();
    memo.set(name, lookupIana(name.trim()));
  }
  return memo.get(name);
}

const memo = new Map<string, string | undefined>();

function lookupIana(trimmed: string): string | undefined {
  if (!trimmed) return undefined;
  if (UTC_NAMES.test(trimmed)) return "UTC";
  if (trimmed.includes("/") && isIanaZone(trimmed)) return current(trimmed);
  const candidate = (findIana(trimmed) ?? []).find((z) => isIanaZone(z));
  return candidate ? current(candidate) : undefined;
}

/** Windows zone name for an IANA zone (what event start/end carry); undefined when CLDR has none. */
export function windowsFromIana(zone: string): string | undefined {
  if (UTC_NAMES.test(zone)) return "UTC";
  const direct = findWindows(zone)?.[0];
  if (direct) return direct;
  const legacy = Object.entries(CURRENT_NAMES).find(([, now]) => now === zone)?.[0];
  return legacy ? findWindows(legacy)?.[0] : undefined;
}

/** Graph dateTimeTimeZone → UTC instant "…Z"; undefined if the zone or time can't be read. */
export function instantFromGraph(value: { dateTime: string; timeZone?: string | null | undefined }): string | undefined {
  // Fast path for what `Prefer: outlook.timezone="UTC"` makes Graph send (thousands per getSchedule).
  if (value.timeZone === "UTC" || value.timeZone === undefined || value.timeZone === null) {
    const m = UTC_WALL_TIME.exec(value.dateTime);
    if (m) {
      const iso = `${m[1]}.${(m[2] ?? "").padEnd(3, "0").slice(0, 3)}Z`;
      return Number.isNaN(Date.parse(iso)) || new Date(iso).toISOString() !== iso ? undefined : iso;
    }
  }
  const zone = ianaFromGraphZone(value.timeZone ?? "UTC");
  if (!zone) return undefined;
  const dt = DateTime.fromISO(value.dateTime, { zone });
  return dt.isValid ? (dt.toUTC().toISO() as string) : undefined;
}

/** UTC instant → Graph dateTime (wall time, no offset) in `zone`. */
export function graphWallTime(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone: "utc" }).setZone(zone).toFormat("yyyy-LL-dd'T'HH:mm:ss");
}

/**
 * Like graphWallTime, but undefined when the wall time does not name `instant` alone: in the hour a DST
 * fall-back repeats, "01:30" is two instants and Exchange may read the other one.
 */
export function unambiguousGraphWallTime(instant: string, zone: string): string | undefined {
  const ms = DateTime.fromISO(instant, { zone: "utc" }).toMillis();
  const offsetAt = (t: number): number => DateTime.fromMillis(t, { zone }).offset;
  const offset = offsetAt(ms);
  // Another instant shows the same wall clock if it sits under a nearby different offset.
  for (const probe of [ms - 3 * 3_600_000, ms + 3 * 3_600_000]) {
    const other = offsetAt(probe);
    if (other !== offset && offsetAt(ms + (offset - other) * 60_000) === other) return undefined;
  }
  return graphWallTime(instant, zone);
}

/** "08:30:00.0000000" → "08:30". */
export function hhmm(time: string | null | undefined): string | undefined {
  const m = /^(\d{2}):(\d{2})/.exec(time ?? "");
  return m ? `${m[1]}:${m[2]}` : undefined;
}
