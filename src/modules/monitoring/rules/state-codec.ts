/**
 * The JSON text a rule state is saved as. A state is plain JSON, but the windowed kinds keep
 * long arrays of numbers (a baseline's 97 buckets × count, sum and sum of squares; a rate's
 * points in its window): written as decimals they cost ~0.1 µs a number — a city of 10,000
 * assets reporting took ~45 ms of the event loop for every 2,000 assets saved. An array of at
 * least `packAt` numbers, a quarter of them with fractions, is written instead as `{"$f64": "<base64 of its IEEE 754 doubles,
 * little-endian>"}`: exact (NaN, ±Infinity and -0 included, which JSON's decimals are not)
 * and a few microseconds a state. `unpackState` turns them back into arrays, and leaves a
 * state saved with decimal arrays (before this format) as it is.
 */

const packAt = 16;

/**
 * A saved rule state `{sig, sentAt, state}` as JSON text: the long number arrays of its state's
 * own fields packed where that pays, the rest by one native JSON.stringify (walking the state
 * key by key in JS cost more than the decimals it saved).
 */
export function packState(saved: { state: object }): string {
  let state: Record<string, unknown> | null = null;
  const fields = saved.state as Record<string, unknown>;
  for (const key in fields) {
    const v = fields[key];
    if (Array.isArray(v) && v.length >= packAt && worthPacking(v)) (state ??= { ...fields })[key] = { $f64: f64Base64(v as number[]) };
  }
  return JSON.stringify(state ? { ...saved, state } : saved);
}

// Numbers only, a quarter of them or more with fractions (or not finite): then the decimals
// cost more than the doubles, in time and in length; a ring still mostly zeros stays decimal.
function worthPacking(xs: readonly unknown[]): boolean {
  let fractions = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (typeof x !== 'number') return false;
    if (!Number.isInteger(x)) fractions++;
  }
  return fractions * 4 >= xs.length;
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
