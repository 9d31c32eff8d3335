import { IANAZone } from "luxon";

/**
 * Whether `name` is an IANA zone this runtime can compute with. luxon builds an Intl.DateTimeFormat on
 * every `isValidZone` call (~170 µs), and every activity, profile and document validates a zone or two,
 * so valid names are remembered. Only valid ones: junk from clients must not grow the set.
 */
const knownZones = new Set<string>();

export function isIanaZone(name: string): boolean {
  if (knownZones.has(name)) return true;
  if (!IANAZone.isValidZone(name)) return false;
  knownZones.add(name);
  return true;
}
