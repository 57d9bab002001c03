/**
 * Weighted ridge regression by its normal equations: (XᵀWX + λI)β = XᵀWy. The residual model has
 * about a dozen features, so a dense solve with partial pivoting is exact enough and tiny.
 */
export function ridgeFit(
  rows: readonly (readonly number[])[],
  targets: readonly number[],
  weights: readonly number[],
  lambda: number,
): number[] {
  const n = rows[0]?.length ?? 0;
  const a = Array.from({ length: n }, (_, i) => {
    const row = new Array<number>(n + 1).fill(0);
    row[i] = lambda;
    return row;
  });
  rows.forEach((x, r) => {
    const w = weights[r]!;
    const y = targets[r]!;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      const ai = a[i]!;
      for (let j = 0; j < n; j++) ai[j]! += w * xi * x[j]!;
      ai[n]! += w * xi * y;
    }
  });
  return solve(a);
}

/** Gauss-Jordan on an augmented n × (n+1) matrix, in place. */
function solve(a: number[][]): number[] {
  const n = a.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    }
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    if (p === 0) continue; // a feature that never occurs: λ keeps this from happening
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => (row[i] === 0 ? 0 : row[n]! / row[i]!));
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
