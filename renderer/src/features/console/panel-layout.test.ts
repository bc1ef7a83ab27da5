import { describe, expect, it } from 'vitest';
import { gridColumns, minMapWidth, noChoice, planLayout, railWidth, rightOverhang, type LayoutChoice } from './panel-layout.ts';

const mapWidth = (windowWidth: number, choice: LayoutChoice = noChoice) => {
  const plan = planLayout(windowWidth, choice);
  return windowWidth - plan.left.width - plan.right.width;
};

describe('planLayout', () => {
  it('keeps both panels open on a 1280 px laptop, the map wider than its minimum', () => {
    const plan = planLayout(1280, noChoice);
    expect(plan.left.mode).toBe('open');
    expect(plan.right.mode).toBe('open');
    expect(mapWidth(1280)).toBeGreaterThanOrEqual(minMapWidth);
  });

  it('folds the detail panel into a rail at 1024 px and keeps the list at its default width', () => {
    const plan = planLayout(1024, noChoice);
    expect(plan.right).toEqual({ mode: 'rail', width: railWidth, auto: true, openWidth: 360 });
    expect(plan.left).toMatchObject({ mode: 'open', width: 340 });
  });

  it('gives a 2560 px desk wider panels and a map of more than half the screen', () => {
    const wide = planLayout(2560, noChoice);
    const laptop = planLayout(1280, noChoice);
    expect(wide.left.width).toBeGreaterThan(laptop.left.width);
    expect(wide.right.width).toBeGreaterThan(laptop.right.width);
    expect(mapWidth(2560)).toBeGreaterThan(1280);
  });

  it('narrows the list before folding it at 800 px, and folds it only when even its minimum does not fit', () => {
    expect(planLayout(800, noChoice).left).toMatchObject({ mode: 'open', width: 800 - minMapWidth - railWidth });
    expect(planLayout(700, noChoice).left).toMatchObject({ mode: 'rail', auto: true });
  });

  it('keeps a dragged width where it fits and shrinks it where it does not', () => {
    const choice: LayoutChoice = { left: { width: 520, collapsed: false }, right: { width: 400, collapsed: false } };
    expect(planLayout(1920, choice).left.width).toBe(520);
    const tight = planLayout(1280, choice);
    expect(tight.left.width + tight.right.width).toBe(1280 - minMapWidth);
    expect(tight.right.openWidth).toBe(400);
  });

  it('clamps a stored width to the panel limits', () => {
    const choice: LayoutChoice = { left: { width: 5000, collapsed: false }, right: { width: 10, collapsed: false } };
    const plan = planLayout(2560, choice);
    expect(plan.left.width).toBe(720);
    expect(plan.right.width).toBe(300);
  });

  it('respects a panel collapsed on purpose: a rail that is not "auto", and the map gets the room', () => {
    const choice: LayoutChoice = { left: { width: null, collapsed: true }, right: { width: null, collapsed: false } };
    const plan = planLayout(1280, choice);
    expect(plan.left).toMatchObject({ mode: 'rail', auto: false });
    expect(plan.right.mode).toBe('open');
    expect(gridColumns(plan)).toBe(`${railWidth}px minmax(0, 1fr) ${plan.right.width}px`);
  });

  it('gives the alert inbox about a third of a 1920 px screen so its one-line rows stay readable, the map still wide', () => {
    const detail = planLayout(1920, noChoice);
    const inbox = planLayout(1920, noChoice, 'inbox');
    expect(detail.right.width).toBe(384);
    expect(inbox.right).toMatchObject({ mode: 'open', width: 691 });
    expect(1920 - inbox.left.width - inbox.right.width).toBeGreaterThanOrEqual(minMapWidth);
    // At 1280 both panels stay open; at 1024 the inbox folds like the details would.
    expect(planLayout(1280, noChoice, 'inbox').right.mode).toBe('open');
    expect(planLayout(1024, noChoice, 'inbox').right.mode).toBe('rail');
  });

  it('lets the wider inbox reach over the map instead of resizing it, leaving the map its minimum', () => {
    const detail = planLayout(1920, noChoice, 'detail');
    const overhang = rightOverhang(1920, noChoice);
    expect(detail.right.width + overhang).toBe(planLayout(1920, noChoice, 'inbox').right.width);
    expect(1920 - detail.left.width - detail.right.width - overhang).toBeGreaterThanOrEqual(minMapWidth);
    expect(rightOverhang(1280, noChoice)).toBeGreaterThan(0);
    expect(1280 - planLayout(1280, noChoice).left.width - planLayout(1280, noChoice).right.width - rightOverhang(1280, noChoice)).toBeGreaterThanOrEqual(minMapWidth);
    // Folded (1024 px) or dragged to one width for both: nothing reaches over.
    expect(rightOverhang(1024, noChoice)).toBe(0);
    expect(rightOverhang(1920, { ...noChoice, right: { width: 500, collapsed: false } })).toBe(0);
  });
});
