import { InlineAlert } from '../../ui/InlineAlert.tsx';

/** The engine's error for a failed admin action: its message names the field and the reason. */
export function ErrorNote({ error }: { error: Error | null }) {
  if (!error) return null;
  return <InlineAlert tone="error">{error.message}</InlineAlert>;
}
