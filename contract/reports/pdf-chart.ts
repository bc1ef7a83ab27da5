import type { ReportChart } from './insights-report.ts';
import { reportNumber } from './insights-report.ts';
import { accent, ink, muted, rule, second, type PdfFlow } from './pdf-flow.ts';

/** A step of 1, 2 or 5 × 10ⁿ that splits [0, max] into about `ticks` parts. */
export function niceStep(max: number, ticks = 4): number {
  if (!(max > 0)) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * power >= raw) ?? 10;
  return step * power;
}

/** "3 Nov" from "2026-11-03": short enough for a month of days under one chart. */
function dayLabel(day: string): string {
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(day.slice(5, 7)) - 1] ?? '';
  return `${Number(day.slice(8, 10))} ${month}`;
}

/**
 * One time series chart drawn as vector graphics from the report's values (not a picture of the
 * screen): the value axis with gridlines, a bar per day for bar series, a polyline with points for
 * line series, day labels thinned to fit, and a legend. Drawn in the box whose top-left is (x, top).
 */
export function drawChart(flow: PdfFlow, chart: ReportChart, x: number, top: number, width: number, height: number): void {
  const page = flow.page;
  const colours = [accent, second];
  flow.text(chart.title, x, top - 10, 9.5, { bold: true });
  // The legend, right-aligned on the title's line.
  let lx = x + width;
  for (const [i, s] of [...chart.series.entries()].reverse()) {
    const w = flow.widthOf(s.label, 7.5);
    lx -= w;
    flow.text(s.label, lx, top - 9, 7.5, { color: muted });
    lx -= 12;
    const colour = colours[i % colours.length] ?? accent;
    if (s.kind === 'bars') page.drawRectangle({ x: lx, y: top - 9, width: 8, height: 7, color: colour });
    else page.drawLine({ start: { x: lx, y: top - 5.5 }, end: { x: lx + 8, y: top - 5.5 }, thickness: 1.5, color: colour });
    lx -= 10;
  }

  const max = Math.max(0, ...chart.series.flatMap((s) => s.values));
  const step = niceStep(max);
  const axisMax = Math.max(step, Math.ceil(max / step) * step);
  const ticks = Math.round(axisMax / step);
  const labelWidth = Math.max(...Array.from({ length: ticks + 1 }, (_, k) => flow.widthOf(`${reportNumber(k * step, 2)} ${chart.unit}`, 7)));
  const plot = { left: x + labelWidth + 6, right: x + width, bottom: top - height + 14, top: top - 20 };
  const yOf = (v: number) => plot.bottom + (v / axisMax) * (plot.top - plot.bottom);

  for (let k = 0; k <= ticks; k++) {
    const y = yOf(k * step);
    page.drawLine({ start: { x: plot.left, y }, end: { x: plot.right, y }, thickness: k === 0 ? 0.8 : 0.4, color: k === 0 ? muted : rule });
    const label = `${reportNumber(k * step, 2)} ${chart.unit}`;
    flow.text(label, plot.left - 4 - flow.widthOf(label, 7), y - 2.5, 7, { color: muted });
  }

  const n = chart.days.length;
  if (n === 0) return;
  const slot = (plot.right - plot.left) / n;
  const centre = (i: number) => plot.left + slot * (i + 0.5);
  const bars = chart.series.filter((s) => s.kind === 'bars');
  const barWidth = Math.max(0.5, (slot * 0.7) / Math.max(1, bars.length));
  chart.series.forEach((s, si) => {
    const colour = colours[si % colours.length] ?? accent;
    if (s.kind === 'bars') {
      const bi = bars.indexOf(s);
      s.values.forEach((v, i) => {
        if (v <= 0) return;
        const x0 = centre(i) - (barWidth * bars.length) / 2 + bi * barWidth;
        page.drawRectangle({ x: x0, y: plot.bottom, width: barWidth, height: yOf(v) - plot.bottom, color: colour });
      });
    } else {
      for (let i = 1; i < s.values.length; i++) {
        page.drawLine({ start: { x: centre(i - 1), y: yOf(s.values[i - 1] ?? 0) }, end: { x: centre(i), y: yOf(s.values[i] ?? 0) }, thickness: 1.5, color: colour });
      }
      if (n <= 62) s.values.forEach((v, i) => page.drawCircle({ x: centre(i), y: yOf(v), size: 1.8, color: colour }));
    }
  });

  // Day labels: as many as fit without touching, always the first.
  const every = Math.max(1, Math.ceil((flow.widthOf('30 Sep', 7) + 6) / slot));
  for (let i = 0; i < n; i += every) {
    const label = dayLabel(chart.days[i] ?? '');
    flow.text(label, centre(i) - flow.widthOf(label, 7) / 2, plot.bottom - 10, 7, { color: ink });
  }
}
