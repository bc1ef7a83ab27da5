/**
 * The offline basemap's figures for `npm run bench:ui` (BENCH_ONLY=basemap runs only these):
 * cold start until the labelled basemap is completely drawn (and the same with its label layers
 * hidden, to see what the labels cost of it), and panning frame time with its
 * street and place names vs the same scene with those label layers hidden. BENCH_ONLY=basemap-shots
 * takes the screenshots (both themes, three window sizes, city/street/Scandinavia views).
 */
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';

type Open = (query: string, viewport?: { width: number; height: number }) => Promise<{ browser: Browser; page: Page }>;
type Bench = { pan(ms: number): Promise<number[]>; basemapComplete(): boolean };

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;

async function untilComplete(page: Page): Promise<number> {
  await page.waitForFunction(() => performance.getEntriesByName('fleet:basemap-complete').length > 0, undefined, { timeout: 120_000 });
  const complete = await page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.basemapComplete());
  if (!complete) throw new Error('The map went idle with basemap tiles still loading');
  return page.evaluate(() => performance.getEntriesByName('fleet:basemap-complete')[0]?.startTime ?? NaN);
}

/** Cold starts (a fresh browser each) until the first idle with every tile and glyph loaded. */
export async function basemapColdStarts(open: Open, runs: number, query: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { browser, page } = await open(`basemap=1&${query}`);
    try {
      out.push(await untilComplete(page));
    } finally {
      await browser.close();
    }
  }
  return out;
}

/** Mean and p95 frame interval over `reps` pans of 3 s, labels on or hidden, same scene. */
async function panFrames(open: Open, labels: boolean, reps: number, query: string): Promise<number[]> {
  const { browser, page } = await open(`basemap=1&labels=${labels ? 1 : 0}&${query}`);
  try {
    await untilComplete(page);
    await page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.pan(1000));
    const frames: number[] = [];
    for (let i = 0; i < reps; i++) frames.push(...(await page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.pan(3000))));
    return frames;
  } finally {
    await browser.close();
  }
}

export async function basemapFigures(open: Open, query = 'zoom=15&n=1000'): Promise<string[]> {
  // Where cold start goes: the same start with the label layers hidden (no glyphs, no symbol
  // placement) leaves tiles, style and page; alternated so a burst of other work hits both alike.
  const starts: number[] = [];
  const unlabelled: number[] = [];
  for (let i = 0; i < 5; i++) {
    starts.push(...(await basemapColdStarts(open, 1, query)));
    unlabelled.push(...(await basemapColdStarts(open, 1, `labels=0&${query}`)));
  }
  const list = (xs: number[]) => xs.map((s) => s.toFixed(0)).join(', ');
  const lines = [
    `cold start → labelled basemap complete (${query}): median ${median(starts).toFixed(0)} ms [${list(starts)}] (target < 1500 ms)`,
    `cold start with the label layers hidden: median ${median(unlabelled).toFixed(0)} ms [${list(unlabelled)}]; labels (glyphs + placement) ≈ ${(median(starts) - median(unlabelled)).toFixed(0)} ms of it`,
  ];
  // Alternate the two so a burst of other work on the machine hits both alike.
  const on: number[] = [];
  const off: number[] = [];
  for (let round = 0; round < 2; round++) {
    on.push(...(await panFrames(open, true, 2, query)));
    off.push(...(await panFrames(open, false, 2, query)));
  }
  lines.push(`panning with basemap labels: mean ${mean(on).toFixed(1)} ms, p95 ${p95(on).toFixed(0)} ms; label layers hidden: mean ${mean(off).toFixed(1)} ms, p95 ${p95(off).toFixed(0)} ms; ratio ${(mean(on) / mean(off)).toFixed(2)}× (target ≤ 1.2×)`);
  return lines;
}

const views = [
  { name: 'city-z12', query: 'zoom=12&center=11.9746,57.7089' },
  { name: 'street-z15', query: 'zoom=15.5&center=11.9746,57.7089' },
  { name: 'scandinavia-z5', query: 'zoom=5&center=14,60' },
  { name: 'region-z7', query: 'zoom=7.2&center=12.2,57.9' },
];
const sizes = [
  { width: 1024, height: 640 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

export async function basemapShots(open: Open, dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const theme of ['dark', 'light']) {
    for (const view of views) {
      for (const size of sizes) {
        const { browser, page } = await open(`basemap=1&n=150&theme=${theme}&${view.query}`, size);
        try {
          await untilComplete(page);
          const file = join(dir, `basemap-${theme}-${view.name}-${size.width}x${size.height}.png`);
          await page.screenshot({ path: file });
          files.push(file);
        } finally {
          await browser.close();
        }
      }
    }
  }
  return files;
}
