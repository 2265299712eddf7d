// Reading timestamps as devices send them: ISO 8601 / RFC 3339 with a zone, or epoch milliseconds.

const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Epoch milliseconds of a device timestamp, or null when it is none: an ISO 8601 date-time
 * with a zone (`Z`, `+08:00`, `+0800`, `+08`), epoch milliseconds as a number, or as a string
 * of digits. A local time without a zone is refused: it would be read in the wrong zone.
 */
export function parseDeviceTime(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value) : null;
  if (typeof value !== 'string' || value.length > 40) return null;
  if (/^\d{1,15}$/.test(value)) return Number(value);
  const m = iso.exec(value);
  if (!m) return null;
  let zone = m[3]!;
  if (zone === 'z') zone = 'Z';
  else if (zone !== 'Z') zone = zone.length === 3 ? `${zone}:00` : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isFinite(ms) ? ms : null;
}
