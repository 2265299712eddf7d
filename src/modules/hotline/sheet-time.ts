/**
 * A timestamp as spreadsheets export it, read as local time at a fixed UTC offset:
 * `2019/2/28 11:25:05`, `2019-02-28 11:25`, `2019/2/28`, or an Excel serial day number
 * (`43678.47`: days since 1899-12-30, the 1900 leap-year bug included). Null when it is none
 * of these. Pure.
 */
export function parseSheetTime(value: string, utcOffsetMinutes = 480): Date | null {
  const s = value.trim();
  const offset = utcOffsetMinutes * 60_000;
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    // Serial 25569 is 1970-01-01; whole seconds, as Excel shows them.
    return new Date(Math.round((Number(s) - 25569) * 86_400) * 1000 - offset);
  }
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1).map((x) => x ?? undefined) as string[];
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  const check = new Date(t);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23) return null;
  return new Date(t - offset);
}
