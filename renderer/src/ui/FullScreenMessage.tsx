import { Spinner } from './Spinner.tsx';

interface Props {
  title: string;
  detail?: string;
  busy?: boolean;
  action?: { label: string; run: () => void };
}

/** Whole-window state before the app has anything else to show: connecting, engine failed. */
export function FullScreenMessage({ title, detail, busy = false, action }: Props) {
  return (
    <main className="full-screen-message" aria-busy={busy}>
      <div className="full-screen-message__box" role={busy ? 'status' : 'alert'}>
        {busy && <Spinner size={20} />}
        <h1 className="full-screen-message__title">{title}</h1>
        {detail && <p className="full-screen-message__detail">{detail}</p>}
        {action && (
          <button type="button" className="button button--primary" onClick={action.run}>
            {action.label}
          </button>
        )}
      </div>
    </main>
  );
}
