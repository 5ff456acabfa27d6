/**
 * How the live heap of a run moves with its pages: the engine worker forces a
 * full GC after chosen pages and records `heapUsed` (`liveHeapAtPages`). One
 * sample is noisy — a page in flight (≈1 MB parsed) and finalizers that run
 * late (undici's per-request abort listeners are dropped in batches) — so the
 * pages come in windows, each window keeps its smallest sample, and the trend
 * is the least-squares slope through the windows.
 */

/**
 * Where to sample: `windows` runs of `width` consecutive pages spread over
 * pages 25 %–90 % of `pages`. Not earlier: Node's fetch fills a global buffer
 * of 250 resource-timing entries first (bounded, but it would read as growth).
 */
export function liveHeapSamplePages(pages: number, windows = 6, width = 6): number[][] {
  const first = Math.max(1, Math.round(pages * 0.25));
  const last = Math.max(first + width, Math.round(pages * 0.9) - width);
  return Array.from({ length: windows }, (_, w) => {
    const start = Math.round(first + ((last - first) * w) / Math.max(1, windows - 1));
    return Array.from({ length: width }, (_, i) => start + i);
  });
}

/** The trend of a sampled run. */
export interface LiveHeapTrend {
  /** Each window's first page and smallest live heap (MB). */
  readonly points: ReadonlyArray<{ readonly page: number; readonly mb: number }>;
  /** Least-squares growth, bytes per page (negative when it shrank). */
  readonly bytesPerPage: number;
}

/** The trend of the samples `atPage` (page → MB) over the `windows` that were asked for. */
export function liveHeapTrend(windows: readonly (readonly number[])[], atPage: Readonly<Record<string, number>>): LiveHeapTrend {
  const points = windows
    .map((pages) => ({ page: pages[0], mb: Math.min(...pages.map((p) => atPage[String(p)]).filter((v): v is number => typeof v === 'number')) }))
    .filter((p) => Number.isFinite(p.mb));
  const n = points.length;
  const meanX = points.reduce((a, p) => a + p.page, 0) / n;
  const meanY = points.reduce((a, p) => a + p.mb, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.page - meanX) ** 2, 0);
  const sxy = points.reduce((a, p) => a + (p.page - meanX) * (p.mb - meanY), 0);
  const slopeMb = n > 1 && sxx > 0 ? sxy / sxx : 0;
  return { points: points.map((p) => ({ page: p.page, mb: Math.round(p.mb * 100) / 100 })), bytesPerPage: Math.round(slopeMb * 1024 * 1024) };
}
