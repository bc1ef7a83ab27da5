import type uPlot from 'uplot';

/** One line of the tooltip: a series' name, its value at the cursor, and its colour. */
export interface TooltipRow {
  label: string;
  value: string;
  colour: string;
}

/** What the tooltip says for the point at `index`: its time and one row per series. */
export type TooltipContent = (index: number) => { time: string; rows: TooltipRow[] };

const gapPx = 12;

/**
 * A uPlot plugin: a small box beside the cursor with the time and every series' value at the
 * nearest point, kept inside the plot (it flips to the left of the cursor near the right edge).
 * Built with DOM nodes and textContent: series names and values never become markup.
 */
export function tooltipPlugin(content: TooltipContent): uPlot.Plugin {
  const box = document.createElement('div');
  box.className = 'time-chart__tip';
  box.hidden = true;
  return {
    hooks: {
      init: (u) => {
        u.over.appendChild(box);
      },
      // Also called when the pointer leaves the plot (uPlot moves the cursor to -10).
      setCursor: (u) => {
        const { idx, left, top } = u.cursor;
        if (idx === null || idx === undefined || left === undefined || left < 0 || top === undefined) {
          box.hidden = true;
          return;
        }
        const { time, rows } = content(idx);
        const heading = document.createElement('div');
        heading.className = 'time-chart__tip-time';
        heading.textContent = time;
        const lines = rows.map((row) => {
          const line = document.createElement('div');
          line.className = 'time-chart__tip-row';
          const swatch = document.createElement('span');
          swatch.className = 'time-chart__tip-swatch';
          swatch.style.background = row.colour;
          const name = document.createElement('span');
          name.textContent = row.label;
          const value = document.createElement('strong');
          value.textContent = row.value;
          line.append(swatch, name, value);
          return line;
        });
        box.replaceChildren(heading, ...lines);
        box.hidden = false;
        const width = u.over.clientWidth;
        const height = u.over.clientHeight;
        const x = left + gapPx + box.offsetWidth > width ? Math.max(0, left - gapPx - box.offsetWidth) : left + gapPx;
        const y = Math.max(0, Math.min(top - box.offsetHeight / 2, height - box.offsetHeight));
        box.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
      },
    },
  };
}
