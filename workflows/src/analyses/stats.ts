/**
 * Small, dependency-free statistics for the analyses. Inputs are plain numbers in whatever unit the caller
 * uses; nothing here rounds, so rounding happens once, where a figure becomes a fact.
 */

/** Arithmetic mean; NaN for an empty list. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/**
 * Quantile by linear interpolation between order statistics (Hyndman & Fan type 7, the default of R and
 * NumPy), so figures can be checked with either. `p` in [0, 1]; NaN for an empty list.
 */
export function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/** Interquartile range Q3 − Q1 (type 7 quantiles): a spread that one bad lap cannot move much. */
export const iqr = (xs: readonly number[]): number => quantile(xs, 0.75) - quantile(xs, 0.25);

/** Sample standard deviation (n − 1 denominator); NaN below two values. */
export function stddev(xs: readonly number[]): number {
  if (xs.length < 2) return Number.NaN;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9): about 15 significant digits. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    for (const num of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast only on this side of the mean; use the symmetry otherwise.
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Student's t cumulative distribution P(T ≤ t) with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * Quantile of Student's t with `df` degrees of freedom (df ≥ 1, p in (0, 1)). Exact closed forms for df 1
 * and 2; otherwise the CDF is inverted by bisection, to 1e-12, because small samples (a 5-lap stint has
 * df = 3) are where a normal approximation would understate the uncertainty most.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df >= 1)) throw new RangeError(`t quantile needs 0 < p < 1 and df ≥ 1`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  while (hi - lo > 1e-12 * Math.max(1, hi)) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export type LinearFit = {
  slope: number;
  intercept: number;
  /** Coefficient of determination; 1 when every point lies on the line. */
  r2: number;
  n: number;
  /** Standard error of the slope; NaN when n = 2 (no residual degrees of freedom). */
  slopeStdErr: number;
  /** 95 % confidence interval of the slope, slope ± t(0.975, n − 2) · SE; NaN bounds when n = 2. */
  slopeCi95: [number, number];
};

/**
 * Ordinary least squares y = intercept + slope · x. Returns null when it cannot be fitted (fewer than two
 * points, or every x equal). Sums are taken about the means to keep precision with lap times in ms.
 */
export function linearRegression(xs: readonly number[], ys: readonly number[]): LinearFit | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  const mx = mean(xs.slice(0, n));
  const my = mean(ys.slice(0, n));
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  // Residuals summed directly rather than as Syy − b·Sxy, which cancels badly on near-perfect fits.
  let sse = 0;
  for (let i = 0; i < n; i++) sse += ((ys[i] as number) - intercept - slope * (xs[i] as number)) ** 2;
  const r2 = syy === 0 ? 1 : Math.max(0, 1 - sse / syy);
  const slopeStdErr = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : Number.NaN;
  const half = n > 2 ? studentTQuantile(0.975, n - 2) * slopeStdErr : Number.NaN;
  return { slope, intercept, r2, n, slopeStdErr, slopeCi95: [slope - half, slope + half] };
}

/** Rounds to a number of decimals for facts and charts (ms → s figures use 3). */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Groups items by key in one pass, keeping first-seen key order and item order. */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export type BoxStats = {
  n: number;
  q1: number;
  median: number;
  q3: number;
  /** Whisker ends: the lowest and highest values within 1.5 × IQR of the quartiles (Tukey). */
  lower: number;
  upper: number;
  /** Values beyond the whiskers, ascending. */
  outliers: number[];
};

/**
 * The five figures of a Tukey box plot: type 7 quartiles (as {@link quantile}) and whiskers that reach
 * the furthest values inside Q1 − 1.5 × IQR and Q3 + 1.5 × IQR; values beyond are outliers. Computed
 * here rather than by a renderer so the site and the files draw the same box. Null for an empty list.
 */
export function boxStats(xs: readonly number[]): BoxStats | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const reach = 1.5 * (q3 - q1);
  const inside = sorted.filter((x) => x >= q1 - reach && x <= q3 + reach);
  return {
    n: sorted.length,
    q1,
    median: quantile(sorted, 0.5),
    q3,
    lower: inside[0] ?? q1,
    upper: inside.at(-1) ?? q3,
    outliers: sorted.filter((x) => x < q1 - reach || x > q3 + reach),
  };
}
