/** Builders for FTS5 trigram queries; every term is quoted, so plate text is never query syntax. */

const quote = (t: string) => `"${t}"`;

function trigramsOf(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 3 <= text.length; i++) out.push(text.slice(i, i + 3));
  return out;
}

/** Substring match: the whole text as one phrase. */
export function substringQuery(text: string): string {
  return quote(text);
}

/**
 * Candidates within one edit of `text`. One edit at position i breaks only the trigrams that
 * cover i, so for each i the plate must still contain the leftmost and rightmost trigrams that
 * do not: an OR over i of (two trigrams AND-ed) is far more selective than any single trigram.
 */
export function oneEditQuery(text: string): string | null {
  const grams = trigramsOf(text);
  if (grams.length < 2) return null;
  const clauses = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    const intact = grams.map((g, j) => ({ g, j })).filter(({ j }) => j + 2 < i || j > i);
    const first = intact[0];
    const last = intact.at(-1);
    if (!first || !last) return null;
    clauses.add(first.j === last.j ? quote(first.g) : `(${quote(first.g)} AND ${quote(last.g)})`);
  }
  return [...clauses].join(' OR ');
}

/** Candidates for larger budgets: any shared trigram (rare: long plates only). */
export function anyTrigramQuery(text: string): string | null {
  const grams = [...new Set(trigramsOf(text))];
  return grams.length ? grams.map(quote).join(' OR ') : null;
}
