/**
 * Data embedded in the page for the client scripts. Numbers are rounded to 6 significant digits (the readouts print
 * at most 4), which roughly halves the bytes of the first view; the downloads keep full precision.
 */
export function compact<T>(value: T): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? +v.toPrecision(6) : v))
    // Safe inside <script type="application/json">: no "</script>" can be formed.
    .replace(/</g, '\\u003c');
}
