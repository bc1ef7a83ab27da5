import { useEffect, useRef, useSyncExternalStore } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { readChartTheme, withAlpha, type SeriesColour } from './chart-theme.ts';
import './chart.css';

/** The theme on <html data-theme> (set by the settings), watched so charts redraw in its colours. */
const readTheme = () => document.documentElement.getAttribute('data-theme') ?? 'dark';
function watchTheme(changed: () => void): () => void {
  const observer = new MutationObserver(changed);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

export interface ChartSeries {
  label: string;
  values: readonly (number | null)[];
  colour: SeriesColour;
  /** Bars for per-day amounts, a line for levels. */
  kind: 'bars' | 'line';
  /** The value as the legend (the hover read-out) writes it. */
  format(value: number): string;
}

interface Props {
  /** Accessible name and heading of the chart. */
  title: string;
  /** Epoch milliseconds of each point (e.g. the start of each day in the tenant's zone). */
  times: readonly number[];
  series: readonly ChartSeries[];
  /** IANA zone the time axis is written in (the tenant's). */
  timeZone: string;
  /** Writes a y-axis tick. */
  formatAxis(value: number): string;
  /** Writes a time (epoch ms) on the axis and in the read-out, in the tenant's locale and zone. */
  formatTime(epochMs: number): string;
  height?: number;
}

/**
 * The console's one chart: uPlot with a real time axis in the tenant's zone, the theme's colours
 * and a hover read-out in the legend. Rebuilt when the data, theme or size class changes; resized
 * with its container.
 */
export function TimeChart({ title, times, series, timeZone, formatAxis, formatTime, height = 220 }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const theme = useSyncExternalStore(watchTheme, readTheme);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const colours = readChartTheme(element);
    const axis = { stroke: colours.axis, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid, width: 1 } };
    const bars = uPlot.paths.bars?.({ size: [0.7, 48], align: 0 });
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      // Room on the right for the last day's label.
      padding: [12, 28, 0, 0],
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), timeZone),
      cursor: { points: { size: 6 } },
      legend: { live: true },
      scales: { x: { time: true } },
      axes: [
        { ...axis, space: 70, values: (_u, ticks) => ticks.map((t) => formatTime(t * 1000)) },
        { ...axis, size: 64, values: (_u, ticks) => ticks.map(formatAxis) },
      ],
      series: [
        { label: 'Day', value: (_u, v) => (v == null ? '—' : formatTime(v * 1000)) },
        ...series.map((s) => {
          const colour = colours.colour(s.colour);
          return {
            label: s.label,
            stroke: colour,
            width: s.kind === 'line' ? 2 : 1,
            fill: s.kind === 'bars' ? withAlpha(colour, 0.55) : withAlpha(colour, 0.08),
            ...(s.kind === 'bars' && bars ? { paths: bars, points: { show: false } } : { points: { show: true, size: 5 } }),
            value: (_u: uPlot, v: number | null) => (v == null ? '—' : s.format(v)),
          };
        }),
      ],
    };
    // Times in seconds (uPlot's unit); days are spaced a day apart so bars stay centred on them.
    const data: uPlot.AlignedData = [times.map((t) => t / 1000), ...series.map((s) => s.values.map((v) => v))];
    const chart = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [times, series, timeZone, formatAxis, formatTime, height, theme]);

  return (
    <figure className="time-chart" aria-label={title}>
      <figcaption className="time-chart__title">{title}</figcaption>
      <div ref={host} className="time-chart__plot" />
    </figure>
  );
}
