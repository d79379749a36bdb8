/**
 * Tiny structural validators that report *where* a value is wrong: file, field path and what was expected.
 * Pure (no Node or DOM imports): shared by the compute step and the site.
 */
export class SchemaError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super(`${file}: field '${field}': expected ${expected}, got ${describe(got)}`);
    this.name = 'SchemaError';
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing (missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return `${typeof v} ${s.length > 40 ? s.slice(0, 40) + '…' : s}`;
}

/** A cursor over a parsed JSON value that knows its file and path. */
export class Field {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  fail(expected: string): never {
    throw new SchemaError(this.file, this.path, expected, this.value);
  }

  get(key: string): Field {
    const obj = this.object();
    return new Field(this.file, this.path ? `${this.path}.${key}` : key, obj[key]);
  }

  has(key: string): boolean {
    return this.object()[key] !== undefined;
  }

  object(): Record<string, unknown> {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) this.fail('an object');
    return this.value as Record<string, unknown>;
  }

  items(): Field[] {
    if (!Array.isArray(this.value)) this.fail('an array');
    return (this.value as unknown[]).map((v, i) => new Field(this.file, `${this.path}[${i}]`, v));
  }

  string(allowed?: readonly string[]): string {
    if (typeof this.value !== 'string') this.fail(allowed ? `one of ${allowed.join(', ')}` : 'a string');
    if (allowed && !allowed.includes(this.value as string)) this.fail(`one of ${allowed.join(', ')}`);
    return this.value as string;
  }

  number(): number {
    if (typeof this.value !== 'number' || !Number.isFinite(this.value)) this.fail('a finite number');
    return this.value as number;
  }

  integer(min = -Infinity): number {
    const n = this.number();
    if (!Number.isInteger(n) || n < min) this.fail(`an integer ≥ ${min}`);
    return n;
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail('true or false');
    return this.value as boolean;
  }

  /** An array of finite numbers (or null where `nullable`: a value that was not finite or not computed). */
  numbers({ length, nullable = false }: { length?: number; nullable?: boolean } = {}): Array<number | null> {
    const arr = this.value;
    if (!Array.isArray(arr)) this.fail(length === undefined ? 'an array of numbers' : `an array of ${length} numbers`);
    if (length !== undefined && arr.length !== length) this.fail(`an array of ${length} numbers`);
    arr.forEach((v, i) => {
      const ok = (typeof v === 'number' && Number.isFinite(v)) || (nullable && v === null);
      if (!ok) new Field(this.file, `${this.path}[${i}]`, v).fail(nullable ? 'a finite number or null' : 'a finite number');
    });
    return arr as Array<number | null>;
  }
}
