import { InlineAlert } from '../../ui/InlineAlert.tsx';
import { errorText } from '../../ui/error-text.ts';

/** The engine's error for a failed admin action, in words from the error catalogue (it names the field and the reason). */
export function ErrorNote({ error }: { error: Error | null }) {
  if (!error) return null;
  return <InlineAlert tone="error">{errorText(error)}</InlineAlert>;
}
