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
}

const width = 320;

/**
 * A small SVG line chart: enough for speed or voltage over time, no chart library (a few hundred
 * lines of dependency for one polyline would not pay for itself). Thins long series to one point
 * per pixel column so a 10,000-point trip stays a light DOM.
 */
export function SparkChart({ xs, ys, label, unit, color = 'var(--accent)', height = 72, cursorX = null, onScrub }: Props) {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return <p className="chart-empty muted">{label}: no positions recorded in this period.</p>;
  const x0 = xs[0] ?? 0;
  const x1 = xs[n - 1] ?? 1;
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, ys[i] ?? 0);
  max = max <= 0 ? 1 : max * 1.1;
  const px = (x: number) => ((x - x0) / (x1 - x0 || 1)) * width;
  const py = (y: number) => height - 4 - (y / max) * (height - 8);
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
        <span className="muted">
          max {Math.round(max / 1.1)} {unit}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        className="chart__svg"
        role="img"
        aria-label={`${label} over time, up to ${Math.round(max / 1.1)} ${unit}`}
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
