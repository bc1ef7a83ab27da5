import { useState } from 'react';

/**
 * A unit's reporting secret, shown once after registering it: readable, selectable, and copied
 * with one click (typing 40 characters off a screen is where devices get misconfigured).
 */
export function OneTimeSecret({ uniqueId, secret }: { uniqueId: string; secret: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () =>
    void navigator.clipboard.writeText(secret).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  return (
    <div className="admin-note one-time-secret" role="status">
      <p>
        Reporting secret of <strong>{uniqueId}</strong> — shown only now; configure the device with it:
      </p>
      <p className="one-time-secret__row">
        <code data-testid="device-secret">{secret}</code>
        <button type="button" className="button button--small" onClick={copy}>
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
      </p>
      {copied === 'failed' && <p className="field__error">Could not copy here: select the secret and copy it by hand.</p>}
    </div>
  );
}
