import { useEffect, useState } from 'react';
import { useFleet } from '../live/use-fleet.ts';

/**
 * How long the map waits for the workspace's fleet before it is created anyway. The engine answers
 * a warm cache in milliseconds; a computer that never synced the workspace asks the server, which
 * may take seconds — the map shows meanwhile and its vehicles follow.
 */
export const fleetWaitMs = 400;

/**
 * Whether the map may be created: once the workspace's fleet query has settled (data or error),
 * or `waitMs` after the first render, whichever comes first.
 *
 * Creating MapLibre's map is 0.3–0.9 s of main thread on software GL (context, painter, style),
 * and its first frames link shader programs. Created while the fleet's answer was on its way, it
 * kept the page from reading that answer: the engine had answered in 2 ms, the page read it
 * 0.6–1.7 s later, and the vehicles waited behind the map's first frames (decision 0515). Created
 * after the answer, the store is full when the vehicle canvas starts, and the vehicles are drawn
 * in the frame that loads the style.
 */
export function useMapStart(workspaceId: string, waitMs = fleetWaitMs): boolean {
  const fleet = useFleet(workspaceId);
  const settled = fleet.data !== undefined || fleet.isError;
  const [waited, setWaited] = useState(false);
  useEffect(() => {
    if (settled) return;
    const timer = setTimeout(() => setWaited(true), waitMs);
    return () => clearTimeout(timer);
  }, [settled, waitMs]);
  return settled || waited;
}
