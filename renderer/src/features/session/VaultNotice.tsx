import { create } from 'zustand';
import { vaultNoticeText, vaultStatusText } from './notice-text.ts';
import { useVaultStatus } from './use-session.ts';
import './sign-in.css';

/**
 * Dismissed for this run of the console only: the notice comes back at the next start, and
 * Settings always shows where sign-ins are kept.
 */
const useDismissed = create<{ dismissed: boolean; dismiss(): void }>()((set) => ({ dismissed: false, dismiss: () => set({ dismissed: true }) }));

/** The one-line bar across the top of the sign-in screen when sign-ins are not kept in the keychain. */
export function VaultNoticeBar() {
  const status = useVaultStatus();
  const { dismissed, dismiss } = useDismissed();
  const notice = status.data?.notice;
  if (!notice || dismissed) return null;
  return (
    <div className="vault-bar" role="status" data-testid="vault-notice">
      <span className="vault-bar__icon" aria-hidden="true">
        i
      </span>
      <span className="vault-bar__text">
        <VaultNoticeLine text={vaultNoticeText(notice)} />
      </span>
      <button type="button" className="button button--ghost vault-bar__dismiss" onClick={dismiss} aria-label="Dismiss until the console restarts" title="Dismiss until the console restarts">
        ✕
      </button>
    </div>
  );
}

/** The settings entry: always shown, for every vault kind. */
export function VaultStatusLine() {
  const status = useVaultStatus();
  if (!status.data) return null;
  const text = vaultStatusText(status.data);
  return (
    <p className="vault-status" data-testid="vault-status">
      <span>
        <VaultNoticeLine text={text} />
      </span>
      {text.consequence && <span>{text.consequence}</span>}
      {status.data.notice?.detail && <span className="vault-status__detail">Details: {status.data.notice.detail}</span>}
    </p>
  );
}

function VaultNoticeLine({ text }: { text: ReturnType<typeof vaultStatusText> }) {
  return (
    <>
      {text.where} {text.fix}
      {text.command && (
        <>
          {' '}
          <code className="vault-notice__command">{text.command}</code>
        </>
      )}
    </>
  );
}
