/**
 * Greedy CTC decoding with per-character confidence and per-position alternatives (pure).
 * A character's confidence is the max probability over the frames that emitted it; its
 * alternatives are the other non-blank classes' max probabilities over those same frames, which is
 * what the format rules need to decide e.g. "this 0 could be an O".
 */
export interface CharCandidate {
  char: string;
  prob: number;
}

export interface OcrPosition {
  char: string;
  prob: number;
  /** Best first, includes `char` itself; at most `topK`. */
  candidates: CharCandidate[];
}

export interface OcrResult {
  text: string;
  positions: OcrPosition[];
  /** Product of the per-character probabilities (1 for an empty read is meaningless → 0). */
  confidence: number;
}

export interface CtcOptions {
  /** Class index of the CTC blank (default 0). */
  blank?: number;
  /** Candidates kept per position (default 4). */
  topK?: number;
}

/**
 * @param probs softmax output laid out [N, T, C]
 * @param charset characters of the non-blank classes in class order (blank removed, or present as a
 *   placeholder at the blank's index)
 */
export function ctcGreedyDecode(
  probs: Float32Array,
  n: number,
  t: number,
  c: number,
  charset: readonly string[],
  options: CtcOptions = {},
): OcrResult[] {
  const blank = options.blank ?? 0;
  const topK = options.topK ?? 4;
  // The charset may list only the real characters (C−1) or include a placeholder at the blank (C).
  const full = charset.length === c;
  if (!full && charset.length !== c - 1) {
    throw new Error(
      `CTC: charset has ${charset.length} chars but output has ${c} classes (expected charset+blank)`,
    );
  }
  const charOf = (k: number): string => (full ? charset[k]! : charset[k < blank ? k : k - 1]!);
  const results: OcrResult[] = [];
  for (let s = 0; s < n; s++) {
    const positions: { char: string; prob: number; best: Float64Array }[] = [];
    let prev = -1;
    for (let ti = 0; ti < t; ti++) {
      const base = (s * t + ti) * c;
      let k = 0;
      for (let j = 1; j < c; j++) if (probs[base + j]! > probs[base + k]!) k = j;
      if (k !== blank) {
        const p = probs[base + k]!;
        let pos = positions[positions.length - 1];
        if (k !== prev || !pos) {
          pos = { char: charOf(k), prob: p, best: new Float64Array(c) };
          positions.push(pos);
        } else {
          pos.prob = Math.max(pos.prob, p);
        }
        for (let j = 0; j < c; j++)
          if (probs[base + j]! > pos.best[j]!) pos.best[j] = probs[base + j]!;
      }
      prev = k;
    }
    const out: OcrPosition[] = positions.map((pos) => {
      const cands: CharCandidate[] = [];
      for (let j = 0; j < c; j++)
        if (j !== blank) cands.push({ char: charOf(j), prob: pos.best[j]! });
      cands.sort((a, b) => b.prob - a.prob);
      // The emitted char is first by construction (it was the argmax in its frames).
      const top = [{ char: pos.char, prob: pos.prob }, ...cands.filter((x) => x.char !== pos.char)];
      return { char: pos.char, prob: pos.prob, candidates: top.slice(0, topK) };
    });
    results.push({
      text: out.map((p) => p.char).join(''),
      positions: out,
      confidence: out.length ? out.reduce((acc, p) => acc * p.prob, 1) : 0,
    });
  }
  return results;
}
