// Where names stand in a line of C, C++ or Rust source: the identifier
// tokens outside comments, string and character literals, and not after a
// member access (`p.x`, `p->x`, `ns::x` name a member, not a variable).
// The language server only uses this to place names the debug information
// gave it (inline values) or to read the name under the pointer (hover).

export interface NameToken {
  name: string;
  start: number; // character offset in the line
  end: number;
}

const identifierStart = /[A-Za-z_]/;
const identifierPart = /[A-Za-z0-9_]/;

export function nameTokens(text: string): NameToken[] {
  const tokens: NameToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') break;
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) break;
      i = close + 2;
    } else if (c === '"' || (c === "'" && isCharacterLiteral(text, i))) {
      i = literalEnd(text, i);
    } else if (identifierStart.test(c)) {
      const start = i;
      while (i < text.length && identifierPart.test(text[i])) i++;
      if (!isMemberAccess(text, start)) tokens.push({ name: text.slice(start, i), start, end: i });
    } else {
      i++;
    }
  }
  return tokens;
}

/** The identifier token that covers `character`, if any. */
export function nameAt(text: string, character: number): NameToken | undefined {
  return nameTokens(text).find((token) => token.start <= character && character <= token.end);
}

function isMemberAccess(text: string, start: number): boolean {
  let j = start - 1;
  while (j >= 0 && text[j] === ' ') j--;
  return text[j] === '.' || (text[j] === '>' && text[j - 1] === '-') || (text[j] === ':' && text[j - 1] === ':');
}

/** A quote that opens a character literal ('a', '\n'), not a Rust lifetime ('a). */
function isCharacterLiteral(text: string, quote: number): boolean {
  return text[quote + 1] === '\\' || text[quote + 2] === "'";
}

function literalEnd(text: string, open: number): number {
  const quote = text[open];
  let i = open + 1;
  while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}
