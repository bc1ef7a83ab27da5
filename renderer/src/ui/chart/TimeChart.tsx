import { useEffect, useRef, useSyncExternalStore } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useUnits } from '../units.ts';
import { tooltipPlugin } from './chart-tooltip.ts';
import { readChartTheme, withAlpha, type SeriesColour } from './chart-theme.ts';
import { dayIncrementsS, timeTickLabels } from './time-ticks.ts';
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
  /** Bars for per-period amounts, a line for levels. */
  kind: 'bars' | 'line';
  /** The value as the tooltip writes it. */
  format(value: number): string;
}

interface Props {
  /** Accessible name and heading of the chart. */
  title: string;
  /** A short read of the data beside the title ("max 72 km/h"). */
  summary?: string;
  /** Epoch milliseconds of each point, ascending. */
  times: readonly number[];
  series: readonly ChartSeries[];
  /**
   * 'day': one point per day (ticks at whole days, the tooltip says the day); 'time': points
   * through the day (ticks say the clock time, the tooltip the date and time).
   */
  resolution?: 'day' | 'time';
  /** Writes a y-axis tick. */
  formatAxis(value: number): string;
  /** The y axis starts at 0 (speeds, counts); otherwise it fits the data (a battery's 11–14 V). */
  zeroBased?: boolean;
  /** Said instead of the chart when there is nothing to draw. */
  empty?: string;
  height?: number;
  /** A vertical line at this instant (the replay's position); moving it does not rebuild the chart. */
  marker?: number | null;
  /** Pressing or dragging on the plot picks the instant under the pointer (scrubbing). */
  onSeek?(epochMs: number): void;
}

/**
 * The console's one chart: uPlot with a time axis in the tenant's zone and locale, the theme's
 * colours and a tooltip at the cursor. Rebuilt when the data, theme or formats change; resized
 * with its container. Times travel to uPlot in seconds (its unit).
 */
export function TimeChart({ title, summary, times, series, resolution = 'day', formatAxis, zeroBased = false, empty, height = 220, marker = null, onSeek }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const theme = useSyncExternalStore(watchTheme, readTheme);
  const units = useUnits();
  // Read by the chart's hooks, so a moving marker or a new callback does not rebuild it.
  const live = useRef({ marker, onSeek });
  useEffect(() => {
    live.current = { marker, onSeek };
    chart.current?.redraw(false, false);
  }, [marker, onSeek]);
  // A day chart of one day is one bar; a line needs two points.
  const drawable = times.length >= (resolution === 'day' ? 1 : 2);

  useEffect(() => {
    const element = host.current;
    if (!element || !drawable) return;
    const colours = readChartTheme(element);
    const axis = { stroke: colours.axis, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid, width: 1 } };
    const bars = uPlot.paths.bars?.({ size: [0.7, 48], align: 0 });
    const pointTime = (ms: number) => (resolution === 'day' ? units.shortDate(ms) : `${units.shortDate(ms)} ${units.time(ms)}`);
    // A lone bar gets half a day either side.
    const halfStepS = times.length >= 2 ? ((times[1] ?? 0) - (times[0] ?? 0)) / 2000 : 43_200;
    const strokes = series.map((s) => colours.colour(s.colour));
    const tooltip = tooltipPlugin((index) => ({
      time: pointTime((times[index] ?? 0)),
      rows: series.map((s, k) => {
        const v = s.values[index];
        return { label: s.label, value: v === null || v === undefined ? '—' : s.format(v), colour: strokes[k] ?? colours.text };
      }),
    }));
    const markerPlugin: uPlot.Plugin = {
      hooks: {
        draw: (u) => {
          const at = live.current.marker;
          if (at === null) return;
          const x = Math.round(u.valToPos(at / 1000, 'x', true));
          const { ctx, bbox } = u;
          ctx.save();
          ctx.strokeStyle = colours.text;
          ctx.lineWidth = Math.max(1, devicePixelRatio * 1.5);
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
          ctx.restore();
        },
      },
    };
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      // Room on the right for the last tick's label.
      padding: [12, 28, 0, 0],
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), units.timeZone),
      // No drag-to-zoom: a drag scrubs (onSeek) or does nothing.
      cursor: { points: { size: 6 }, drag: { x: false, y: false, setScale: false } },
      // Several series get a key (names and colours); the values are in the tooltip.
      legend: { show: series.length > 1, live: false },
      scales: {
        // Half a step either side of bars: the first and last are drawn whole.
        x: { time: true, ...(series.some((s) => s.kind === 'bars') ? { range: (_u, min, max) => [min - halfStepS, max + halfStepS] } : {}) },
        ...(zeroBased ? { y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } } : {}),
      },
      axes: [
        {
          ...axis,
          // Room for "Sun 15 Nov" in the axis font between day ticks.
          space: resolution === 'day' ? 90 : 60,
          ...(resolution === 'day' ? { incrs: dayIncrementsS } : {}),
          // Two lines where a tick carries its date under the time.
          size: resolution === 'day' ? 36 : 50,
          values: (_u, ticks, _axis, _space, step) => timeTickLabels(ticks.map((t) => t * 1000), step * 1000, units),
        },
        // A tick that rounds to its neighbour's words (0.5 and 1 both "1" for a count) is left blank.
        { ...axis, size: 64, values: (_u, ticks) => ticks.map(formatAxis).map((label, k, all) => (k > 0 && label === all[k - 1] ? '' : label)) },
      ],
      series: [
        {},
        ...series.map((s, k) => {
          const colour = strokes[k] ?? colours.text;
          return {
            label: s.label,
            stroke: colour,
            width: s.kind === 'line' ? 2 : 1,
            fill: s.kind === 'bars' ? withAlpha(colour, 0.55) : withAlpha(colour, 0.1),
            // Long series (a second-by-second speed trace) read better without a dot per point.
            ...(s.kind === 'bars' && bars ? { paths: bars, points: { show: false } } : { points: { show: times.length <= 60, size: 5 } }),
          };
        }),
      ],
      plugins: [tooltip, markerPlugin],
    };
    const data: uPlot.AlignedData = [times.map((t) => t / 1000), ...series.map((s) => s.values.map((v) => v))];
    const plot = new uPlot(options, data, element);
    chart.current = plot;
    const seek = (event: PointerEvent) => {
      const pick = live.current.onSeek;
      if (!pick || (event.type === 'pointermove' && event.buttons !== 1)) return;
      pick(plot.posToVal(event.offsetX, 'x') * 1000);
    };
    plot.over.addEventListener('pointerdown', seek);
    plot.over.addEventListener('pointermove', seek);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.current = null;
      plot.destroy();
    };
  }, [drawable, times, series, resolution, formatAxis, zeroBased, height, theme, units]);

  if (!drawable) return <p className="chart-empty muted">{title}: {empty ?? 'nothing recorded in this period.'}</p>;
  return (
    <figure className={`time-chart${onSeek ? ' time-chart--seek' : ''}`} aria-label={summary ? `${title}, ${summary}` : title}>
      <figcaption className="time-chart__title">
        <span>{title}</span>
        {summary && <span className="time-chart__summary">{summary}</span>}
      </figcaption>
      <div ref={host} className="time-chart__plot" />
    </figure>
  );
}
