/**
 * The JSON text a rule state is saved as. A state is plain JSON, but the windowed kinds keep
 * long arrays of numbers (a baseline's 97 buckets × count, sum and sum of squares; a rate's
 * points in its window): written as decimals they cost ~0.1 µs a number — a city of 10,000
 * assets reporting took ~45 ms of the event loop for every 2,000 assets saved. An array of at
 * least `packAt` numbers is written instead as `{"$f64": "<base64 of its IEEE 754 doubles,
 * little-endian>"}`: exact (NaN, ±Infinity and -0 included, which JSON's decimals are not)
 * and a few microseconds a state. `unpackState` turns them back into arrays, and leaves a
 * state saved with decimal arrays (before this format) as it is.
 */

const packAt = 16;

/** A state (any JSON-shaped value) as JSON text, long number arrays packed. */
export function packState(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length >= packAt && value.every((x) => typeof x === 'number')) return `{"$f64":"${f64Base64(value)}"}`;
    let out = '[';
    for (let i = 0; i < value.length; i++) out += `${i ? ',' : ''}${value[i] === undefined || typeof value[i] === 'function' ? 'null' : packState(value[i])}`;
    return `${out}]`;
  }
  if (value !== null && typeof value === 'object') {
    let out = '{';
    let first = true;
    for (const key in value) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || typeof v === 'function') continue;
      out += `${first ? '' : ','}${JSON.stringify(key)}:${packState(v)}`;
      first = false;
    }
    return `${out}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A parsed state with its packed arrays as number arrays again (in place; the value is returned). */
export function unpackState<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = unpackState(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.$f64 === 'string' && Object.keys(o).length === 1) return base64F64(o.$f64) as T;
    for (const key of Object.keys(o)) o[key] = unpackState(o[key]);
  }
  return value;
}

function f64Base64(xs: readonly number[]): string {
  const a = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) a[i] = xs[i]!;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function base64F64(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  // A fresh, aligned buffer: the decoded bytes may sit at any offset of a shared pool.
  const a = new Float64Array(bytes.length >> 3);
  new Uint8Array(a.buffer).set(bytes.subarray(0, a.byteLength));
  return Array.from(a);
}
