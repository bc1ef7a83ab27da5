import type { PointerEvent } from 'react';

interface Props {
  /** x values (e.g. epoch ms), ascending. */
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  label: string;
  unit: string;
  color?: string;
  height?: number;
  /** A vertical cursor at this x (replay position). */
  cursorX?: number | null;
  /** Click/drag on the chart reports the x under the pointer (scrubbing). */
  onScrub?(x: number): void;
  /** Speed starts at 0; a battery's 11–14 V would be a flat line on a 0-based axis. */
  zeroBased?: boolean;
  /** Digits of the min/max figures in the caption. */
  digits?: number;
}

const width = 320;

/**
 * A small SVG line chart: enough for speed or voltage over time, no chart library (a few hundred
 * lines of dependency for one polyline would not pay for itself). Thins long series to one point
 * per pixel column so a 10,000-point trip stays a light DOM.
 */
export function SparkChart({ xs, ys, label, unit, color = 'var(--accent)', height = 72, cursorX = null, onScrub, zeroBased = true, digits = 0 }: Props) {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return <p className="chart-empty muted">{label}: no positions recorded in this period.</p>;
  const x0 = xs[0] ?? 0;
  const x1 = xs[n - 1] ?? 1;
  let top = zeroBased ? 0 : -Infinity;
  let bottom = zeroBased ? 0 : Infinity;
  for (let i = 0; i < n; i++) {
    top = Math.max(top, ys[i] ?? 0);
    bottom = Math.min(bottom, ys[i] ?? 0);
  }
  const pad = zeroBased ? top * 0.1 : Math.max((top - bottom) * 0.15, 0.2);
  const y0 = zeroBased ? 0 : bottom - pad;
  const y1 = top + pad > y0 ? top + pad : y0 + 1;
  const px = (x: number) => ((x - x0) / (x1 - x0 || 1)) * width;
  const py = (y: number) => height - 4 - ((y - y0) / (y1 - y0)) * (height - 8);
  const figure = (v: number) => v.toFixed(digits);
  const range = zeroBased ? `max ${figure(top)} ${unit}` : `${figure(bottom)}–${figure(top)} ${unit}`;
  const step = Math.max(1, Math.floor(n / width));
  let d = '';
  for (let i = 0; i < n; i += step) d += `${d ? 'L' : 'M'}${px(xs[i] ?? 0).toFixed(1)},${py(ys[i] ?? 0).toFixed(1)}`;
  const scrub = (event: PointerEvent<SVGSVGElement>) => {
    if (!onScrub || (event.type === 'pointermove' && event.buttons !== 1)) return;
    const box = event.currentTarget.getBoundingClientRect();
    onScrub(x0 + ((event.clientX - box.left) / box.width) * (x1 - x0));
  };
  return (
    <figure className="chart">
      <figcaption className="chart__caption">
        <span>{label}</span>
        <span className="muted">{range}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        className="chart__svg"
        role="img"
        aria-label={`${label} over time, ${range}`}
        onPointerDown={scrub}
        onPointerMove={scrub}
      >
        <path d={`${d}L${width},${height}L0,${height}Z`} fill={color} opacity="0.14" />
        <path d={d} fill="none" stroke={color} strokeWidth="1.6" vectorEffect="non-scaling-stroke" />
        {cursorX !== null && <line x1={px(cursorX)} x2={px(cursorX)} y1="0" y2={height} stroke="var(--text)" strokeWidth="1.2" vectorEffect="non-scaling-stroke" />}
      </svg>
    </figure>
  );
}
