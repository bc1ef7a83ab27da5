import { useState } from 'react';
import { alertSeverities, type AlertSeverity } from '../../../../contract/api/alerts.ts';
import { deskActionPlays, deskActions, type DeskAction } from '../../../../contract/bridge/desk-alerts.ts';
import { errorText } from '../../ui/error-text.ts';
import { useDeskBehaviour } from '../alerts/desk-behaviour.ts';
import { useSessionState } from '../session/use-session.ts';

const actionWords: Record<DeskAction, string> = {
  'sound-and-notification': 'Sound and desktop notification',
  sound: 'Sound only',
  notification: 'Desktop notification only',
  nothing: 'Nothing (the inbox only)',
};
const severityWords: Record<AlertSeverity, string> = { critical: 'Critical alerts', warning: 'Warnings', info: 'Information' };

/**
 * Settings → New alerts on this desk: per severity, what a new alert does for the signed-in
 * person (kept by the engine under their account, so it follows them between workspaces on this
 * computer and another person at the desk keeps their own). Alerts in the account's quiet hours
 * never announce, whatever is chosen here.
 */
export function DeskAlertsSection() {
  const workspaceId = useSessionState().data?.activeWorkspaceId ?? null;
  const { behaviour, loaded, save } = useDeskBehaviour(workspaceId);
  const [notice, setNotice] = useState<string | null>(null);

  const choose = async (severity: AlertSeverity, action: DeskAction) => {
    setNotice(null);
    if (deskActionPlays(action).notification) {
      if (!('Notification' in window)) return setNotice('This system does not support desktop notifications; choose “Sound only” or “Nothing”.');
      const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
      if (permission !== 'granted') return setNotice('Notifications are blocked for this app; allow them in the system settings, or choose “Sound only”.');
    }
    save.mutate({ ...behaviour, [severity]: action }, { onError: (error) => setNotice(`Not saved: ${errorText(error)}`) });
  };

  return (
    <fieldset className="settings-group" data-testid="desk-alerts">
      <legend>New alerts on this desk</legend>
      {workspaceId === null ? <p className="muted">Sign in to choose how new alerts reach you.</p> : (
        <div className="settings-desk">
          {alertSeverities.slice().reverse().map((severity) => (
            <label key={severity} className="field__label">
              {severityWords[severity]}
              <select className="input" value={behaviour[severity]} disabled={!loaded || save.isPending} onChange={(e) => void choose(severity, e.target.value as DeskAction)}>
                {deskActions.map((a) => <option key={a} value={a}>{actionWords[a]}</option>)}
              </select>
            </label>
          ))}
          <p className="settings-hint muted">Your choice, on this computer. Alerts inside the account’s quiet hours are listed but never announced.</p>
        </div>
      )}
      {notice && <p className="field__error" role="alert">{notice}</p>}
    </fieldset>
  );
}
