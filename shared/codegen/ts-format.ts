/**
 * A small printer for the few statement shapes the TypeScript exporter writes, laid out exactly as prettier
 * lays them out with the repository's settings (width 110, single quotes, trailing commas), so exported code
 * is already formatted and a user's `prettier --write` leaves it unchanged (a test holds us to that).
 */
import { tsString, tsTemplateText } from './escape';

export const WIDTH = 110;

/** Code written as is (an identifier or expression), as opposed to a value printed as a literal. */
export interface Raw {
  readonly $raw: string;
}
export const raw = (code: string): Raw => ({ $raw: code });

export type TsValue = number | string | boolean | null | Raw | readonly TsValue[] | TsObject;
export interface TsObject {
  readonly [key: string]: TsValue | undefined;
}

const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && '$raw' in v;

export function tsNumber(n: number): string {
  // prettier writes exponents without '+': 1e21, not 1e+21.
  return String(n).replace('e+', 'e');
}

const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : tsString(k));

const entries = (o: TsObject) => Object.entries(o).filter((e): e is [string, TsValue] => e[1] !== undefined);

/** prettier always breaks an array of two or more arrays/objects that each hold more than one element. */
function isMatrix(v: readonly TsValue[]): boolean {
  if (v.length < 2) return false;
  const first = v[0];
  const arrays = Array.isArray(first);
  return v.every((e) =>
    arrays
      ? Array.isArray(e) && e.length > 1
      : typeof e === 'object' &&
        e !== null &&
        !Array.isArray(e) &&
        !isRaw(e) &&
        entries(e as TsObject).length > 1,
  );
}

function mustBreak(v: TsValue): boolean {
  if (Array.isArray(v)) return isMatrix(v) || v.some(mustBreak);
  if (typeof v === 'object' && v !== null && !isRaw(v))
    return entries(v as TsObject).some(([, e]) => mustBreak(e));
  return false;
}

export function inline(v: TsValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return tsNumber(v);
  if (typeof v === 'string') return tsString(v);
  if (typeof v === 'boolean') return String(v);
  if (isRaw(v)) return v.$raw;
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  const es = entries(v as TsObject);
  return es.length === 0 ? '{}' : `{ ${es.map(([k, e]) => `${key(k)}: ${inline(e)}`).join(', ')} }`;
}

/**
 * A value that starts after `prefix` on a line indented by `indent` and is followed by `suffix`: inline when
 * the whole line fits and nothing forces a break, otherwise one element per line.
 */
export function layout(v: TsValue, indent: string, prefix: string, suffix: string): string {
  const flat = inline(v);
  if (!mustBreak(v) && indent.length + prefix.length + flat.length + suffix.length <= WIDTH) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((e) => `${inner}${layout(e, inner, '', ',')},\n`).join('')}${indent}]`;
  }
  if (typeof v === 'object' && v !== null && !isRaw(v)) {
    const es = entries(v as TsObject);
    if (es.length === 0) return '{}';
    const lines = es.map(([k, e]) => `${inner}${key(k)}: ${layout(e, inner, `${key(k)}: `, ',')},\n`);
    return `{\n${lines.join('')}${indent}}`;
  }
  return flat;
}

/** `lhs callee(arg);` with the object argument hugged: `callee({` … `});` when it does not fit. */
export function callStatement(indent: string, lhs: string, callee: string, arg: TsValue): string {
  return `${indent}${lhs}${callee}(${layout(arg, indent, `${lhs}${callee}(`, ');')});`;
}

/**
 * `lhs head.factory(config).apply(input) as tf.SymbolicTensor;` — one line when it fits, otherwise the member
 * chain broken before `.factory` and `.apply`, each argument inline when its line fits.
 */
export function layerStatement(
  indent: string,
  lhs: string,
  head: string,
  factory: string,
  config: TsObject,
  input: TsValue,
): string {
  const tail = ' as tf.SymbolicTensor;';
  const one = `${indent}${lhs}${head}.${factory}(${inline(config)}).apply(${inline(input)})${tail}`;
  if (!mustBreak(config) && !mustBreak(input) && one.length <= WIDTH) return one;
  const step = `${indent}  `;
  const call = `${step}.${factory}(${layout(config, step, `.${factory}(`, ')')})`;
  const apply = `${step}.apply(${layout(input, step, '.apply(', `)${tail}`)})${tail}`;
  return `${indent}${lhs}${head}\n${call}\n${apply}`;
}

/** `lhs callee(a, b);`, or prettier's broken form (one argument per line, trailing comma) when too long. */
export function argsCall(indent: string, lhs: string, callee: string, args: readonly string[]): string {
  const one = `${indent}${lhs}${callee}(${args.join(', ')});`;
  if (one.length <= WIDTH) return one;
  return `${indent}${lhs}${callee}(\n${args.map((a) => `${indent}  ${a},\n`).join('')}${indent});`;
}

/** A template literal `\`${expr}rest\``. */
export const template = (expr: string, rest: string): string => `\`\${${expr}}${tsTemplateText(rest)}\``;
