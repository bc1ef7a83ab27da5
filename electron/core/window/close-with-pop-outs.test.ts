import { describe, expect, it } from 'vitest';
import { closeWithPopOutsQuestion } from './close-with-pop-outs.ts';

describe('closing the main window with pop-outs open', () => {
  it('asks nothing when no pop-out is open', () => {
    expect(closeWithPopOutsQuestion([])).toBeNull();
  });

  it('names the pop-outs that would close', () => {
    expect(closeWithPopOutsQuestion(['map'])).toMatchObject({ message: 'Close the console and its pop-out window?', detail: expect.stringContaining('showing the map will close') });
    const three = closeWithPopOutsQuestion(['map', 'alerts', 'vehicles']);
    expect(three?.message).toBe('Close the console and its 3 pop-out windows?');
    expect(three?.detail).toContain('the map, the alerts and the vehicle list');
    expect(three?.buttons[three.cancelId]).toBe('Cancel');
  });
});
