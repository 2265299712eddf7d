/**
 * JSON text of an object whose one array member holds the records, one record per line: compact
 * (no indentation, coordinates on one line) yet readable in a diff. Same input, same bytes.
 */
export function recordsJson(head: Record<string, unknown>, key: string, records: readonly unknown[]): string {
  const opening = JSON.stringify({ ...head, [key]: [] }).slice(0, -2);
  if (!records.length) return `${opening}]}\n`;
  return `${opening}\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
}
