import type { PaneName } from '../../../contract/bridge/domains/desk-domain.ts';

const paneWords: Record<PaneName, string> = { map: 'the map', alerts: 'the alerts', vehicles: 'the vehicle list' };

export interface CloseQuestion {
  message: string;
  detail: string;
  buttons: [string, string];
  /** Index of the button that closes everything. */
  closeId: 0;
  cancelId: 1;
}

/**
 * What the main window asks when it is closed with pop-outs open (they close with it): null when
 * none is open, so nothing is asked. The words name the panes, so the dispatcher knows what goes.
 */
export function closeWithPopOutsQuestion(open: readonly PaneName[]): CloseQuestion | null {
  if (open.length === 0) return null;
  const names = open.map((p) => paneWords[p]);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return {
    message: open.length === 1 ? 'Close the console and its pop-out window?' : `Close the console and its ${open.length} pop-out windows?`,
    detail: `The window${open.length === 1 ? '' : 's'} showing ${list} will close too, and open again where they were next time.`,
    buttons: ['Close all', 'Cancel'],
    closeId: 0,
    cancelId: 1,
  };
}
