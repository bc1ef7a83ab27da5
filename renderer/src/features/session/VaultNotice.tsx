import { create } from 'zustand';
import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { vaultNoticeText, vaultStatusText } from './notice-text.ts';
import { useVaultStatus } from './use-session.ts';
import './sign-in.css';

/**
 * Dismissed for this run of the console only: the notice comes back at the next start, and
 * Settings always shows where sign-ins are kept.
 */
const useDismissed = create<{ dismissed: boolean; dismiss(): void }>()((set) => ({ dismissed: false, dismiss: () => set({ dismissed: true }) }));

/** The one-line notice on the sign-in screen when sign-ins are not kept in the keychain. */
export function VaultNoticeBar() {
  const status = useVaultStatus();
  const { dismissed, dismiss } = useDismissed();
  const notice = status.data?.notice;
  if (!notice || dismissed) return null;
  const text = vaultNoticeText(notice);
  return (
    <div className="vault-notice" data-testid="vault-notice">
      <InlineAlert
        tone="info"
        action={
          <button type="button" className="button button--ghost vault-notice__dismiss" onClick={dismiss} aria-label="Dismiss until the console restarts">
            ✕
          </button>
        }
      >
        <VaultNoticeLine text={text} />
      </InlineAlert>
    </div>
  );
}

/** The settings entry: always shown, for every vault kind. */
export function VaultStatusLine() {
  const status = useVaultStatus();
  if (!status.data) return null;
  return (
    <p className="vault-status" data-testid="vault-status">
      <VaultNoticeLine text={vaultStatusText(status.data)} />
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
