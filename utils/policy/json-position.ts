// Where a text stops being JSON, as a line and column an admin can go to. Engines word this
// differently (V8: "at position 325", sometimes only a quote of the text; Firefox: "at line 1 column
// 10 of the JSON data"), so the place is found here, the same way in every browser and in Node, and
// only the engine's description of what is wrong is kept.

export interface JsonErrorPlace {
  /** 1-based. */
  line: number;
  /** 1-based, in characters from the start of the line. */
  column: number;
  /** What is wrong, in the engine's words without its position. */
  detail: string;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX = /^[0-9A-Fa-f]{4}$/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

/**
 * The offset of the first character at which `text` is not JSON (its length when it ends too early),
 * or null when it is JSON. Iterative, so no nesting depth can exhaust the stack.
 */
export function jsonErrorOffset(text: string): number | null {
  const n = text.length;
  let i = 0;
  const skipWhitespace = () => {
    while (i < n && WHITESPACE.has(text[i]!)) i++;
  };
  /** A string starting at i; on failure i is at the offending character. */
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return true;
      }
      if (c < ' ') return false;
      if (c === '\\') {
        const next = text[i + 1];
        if (next !== undefined && ESCAPES.has(next)) i += 2;
        else if (next === 'u' && HEX.test(text.slice(i + 2, i + 6))) i += 6;
        else {
          i = Math.min(i + 1, n);
          return false;
        }
      } else i++;
    }
    return false;
  };
  const scalar = (): boolean => {
    const c = text[i]!;
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (!match) {
        i++;
        return false;
      }
      i += match[0].length;
      return true;
    }
    const literal = LITERALS.find((word) => word[0] === c);
    if (!literal) return false;
    for (let k = 0; k < literal.length; k++, i++) if (text[i] !== literal[k]) return false;
    return true;
  };
  /** `"key" :` starting at i (after whitespace). */
  const key = (): boolean => {
    skipWhitespace();
    if (text[i] !== '"' || !string()) return false;
    skipWhitespace();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };

  const open: ('{' | '[')[] = [];
  for (;;) {
    // A value is expected at i.
    skipWhitespace();
    if (i >= n) return n;
    const c = text[i]!;
    let complete = true;
    if (c === '{' || c === '[') {
      i++;
      skipWhitespace();
      if (text[i] === (c === '{' ? '}' : ']')) i++;
      else {
        open.push(c);
        if (c === '{' && !key()) return i;
        complete = false;
      }
    } else if (!scalar()) return i;
    if (!complete) continue;
    // After a value: a comma, the end of what is open, or the end of the text.
    let expectValue = false;
    while (!expectValue) {
      skipWhitespace();
      const top = open.at(-1);
      if (top === undefined) return i >= n ? null : i;
      if (i >= n) return n;
      if (text[i] === ',') {
        i++;
        if (top === '{' && !key()) return i;
        expectValue = true;
      } else if (text[i] === (top === '{' ? '}' : ']')) {
        i++;
        open.pop();
      } else return i;
    }
  }
}

/** The engine's description without where it thinks it is: "Unexpected token '}', "…" is not valid JSON" → "Unexpected token '}'". */
function describe(message: string): string {
  return message
    .replace(/^JSON\.parse: /, '')
    .replace(/ at line \d+ column \d+ of the JSON data$/, '')
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    .trim();
}

/** Line and column of the first error in `text`, which an engine refused with `message`; null if none is found. */
export function jsonErrorAt(text: string, message: string): JsonErrorPlace | null {
  const offset = jsonErrorOffset(text);
  if (offset === null) return null;
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return {
    line: before.split('\n').length,
    column: offset - lineStart + 1,
    detail: describe(message),
  };
}
