import type { ReactNode } from 'react';

interface Props {
  tone: 'error' | 'info';
  children: ReactNode;
  action?: ReactNode;
}

/** A message in the flow of a form or panel. Errors are announced as they appear. */
export function InlineAlert({ tone, children, action }: Props) {
  return (
    <div className={`inline-alert inline-alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <span className="inline-alert__icon" aria-hidden="true">
        {tone === 'error' ? '!' : 'i'}
      </span>
      <div className="inline-alert__text">{children}</div>
      {action}
    </div>
  );
}
