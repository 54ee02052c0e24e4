/**
 * The one way a user's text (graph, layer and block names, ids, a file name) enters generated code: one
 * function per language and per place in the code. Nothing else in shared/codegen interpolates such text.
 *
 * Never written raw, whatever the place: C0 and C1 control characters and DEL (a NUL makes a Python file
 * unreadable, ESC drives the terminal that shows the file), line and paragraph separators (a line break in
 * JavaScript), the byte-order mark, the bidirectional controls that can make code read otherwise than it runs
 * ("Trojan Source", CVE-2021-42574), and lone UTF-16 surrogates (no UTF-8 for them). Strings and docstrings
 * spell them as escapes, so their value is the user's text exactly; comments show the same escape as text.
 * Other characters (accents, CJK, emoji) are written as they are.
 */

const UNSAFE =
  // Control characters are what this module is about: the rule against them in patterns does not apply.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Line breaks as a comment or a wrapped docstring line must not hold them (the unsafe ones included). */
// eslint-disable-next-line no-control-regex
const BREAKS = /(?:\r\n|[\n\r\u2028\u2029\u0085\u000b\u000c])+/g;

/** `\xNN` below U+0100, else `\uNNNN`: the escape Python and JavaScript both read in strings. */
const hexEscape = (c: string): string => {
  const code = c.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escapeUnsafe = (s: string) => s.replace(UNSAFE, (c) => SHORT[c] ?? hexEscape(c));

/** One line of comment text: line breaks become a space, other unsafe characters their escape as text. */
const commentLine = (s: string) => escapeUnsafe(s.replace(BREAKS, ' '));

/**
 * A TypeScript string literal whose value is `s`, quoted as prettier quotes it (single quotes unless the text
 * holds more of them than double quotes), so a user's `prettier --write` leaves the export unchanged.
 */
export function tsString(s: string): string {
  const singles = s.split("'").length - 1;
  const doubles = s.split('"').length - 1;
  const quote = singles > doubles ? '"' : "'";
  const body = escapeUnsafe(s.replace(/\\/g, '\\\\')).replaceAll(quote, `\\${quote}`);
  return `${quote}${body}${quote}`;
}

/** The text of a template literal after its substitution (`\`${prefix}<text>\``): the value is `s`. */
export function tsTemplateText(s: string): string {
  return escapeUnsafe(s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${'));
}

/** Text inside a `//` line comment or a `/* … *\/` block comment: one line that cannot end the comment. */
export function tsComment(s: string): string {
  return commentLine(s).replace(/\*\//g, '* /');
}

/** A Python string literal (double quotes) whose value is `s`: ast.literal_eval gives the text back. */
export function pyString(s: string): string {
  return `"${escapeUnsafe(s.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))}"`;
}

/**
 * A fragment of a `"""` docstring whose value is `s`: backslashes and double quotes escaped (so no `"""` and
 * no escape of the closing quotes can form), line breaks and other unsafe characters as escapes.
 */
export function pyDocstring(s: string): string {
  return escapeUnsafe(s.replace(/\\/g, '\\\\').replace(/"/g, '\\"'));
}

/** Text after `# ` in a Python comment: one line. */
export function pyComment(s: string): string {
  return commentLine(s);
}

/**
 * JSON text of `value` (JSON.stringify's, indented by `indent` spaces) with the unsafe characters JSON leaves
 * raw in strings (DEL, C1 controls, separators, bidirectional controls) written as `\uNNNN`: the same value,
 * and a file that shows what it holds.
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    JSON_RAW,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The unsafe characters JSON.stringify writes raw (it escapes C0 controls and lone surrogates itself). */
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
