import { useEffect, useRef } from 'react';
import { formatLocales, localeName } from '../../ui/locales.ts';
import { useUnits } from '../../ui/units.ts';
import { VaultStatusLine } from '../session/VaultNotice.tsx';
import { DeskAlertsSection } from './DeskAlertsSection.tsx';
import { OfflineContentsSection } from './OfflineContentsSection.tsx';
import { OfflineMapSection } from './OfflineMapSection.tsx';
import { usePreferences } from './settings-store.ts';
import './settings.css';

/**
 * Personal preferences: theme, formats, what new alerts do on this desk per severity, and the maps kept for
 * offline use. A native <dialog>
 * gives focus trapping and Escape for free.
 */
export function SettingsDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const prefs = usePreferences();
  const units = useUnits();
  const sample = Date.UTC(2026, 11, 24, 15, 30);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} className="settings-dialog" aria-labelledby="settings-title" onClose={onClose}>
      <h2 id="settings-title">Settings</h2>
      <fieldset className="settings-group">
        <legend>Theme</legend>
        {(['dark', 'light'] as const).map((theme) => (
          <label key={theme} className="settings-choice">
            <input type="radio" name="theme" checked={prefs.theme === theme} onChange={() => prefs.update({ theme })} />
            {theme === 'dark' ? 'Dark (for dispatch rooms)' : 'Light'}
          </label>
        ))}
      </fieldset>
      <fieldset className="settings-group">
        <legend>Formats on this computer</legend>
        <label className="field__label" htmlFor="settings-locale">
          Times, dates and numbers
          <select id="settings-locale" className="input" value={prefs.locale} onChange={(e) => prefs.update({ locale: e.target.value })}>
            <option value="">As the account sets them</option>
            {formatLocales.map((locale) => (
              <option key={locale} value={locale}>
                {localeName(locale)}
              </option>
            ))}
          </select>
        </label>
        <p className="muted" data-testid="format-sample">
          For example: {units.dateTime(sample)} · {units.number(12345.6, 1)} · {units.speed(88)}
        </p>
      </fieldset>
      <DeskAlertsSection />
      <OfflineMapSection />
      <OfflineContentsSection />
      <fieldset className="settings-group">
        <legend>Sign-ins on this computer</legend>
        <VaultStatusLine />
      </fieldset>
      <div className="settings-actions">
        <button type="button" className="button button--primary" onClick={onClose}>
          Done
        </button>
      </div>
    </dialog>
  );
}
