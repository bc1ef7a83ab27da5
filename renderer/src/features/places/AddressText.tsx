import type { Address } from '../../../../contract/api/places.ts';
import { useUnits } from '../../ui/units.ts';
import { addressWords, formatCoordinates, type Point } from '../../../../contract/address-words.ts';
import type { AddressLookup } from './use-addresses.ts';
import './places.css';

interface Props {
  /** An address already known (trips, alerts), or a look-up in progress (vehicles). */
  address?: Address;
  lookup?: AddressLookup | null;
  /** The point, for "no address known" and while looking up. */
  point?: Point | null;
  /** Single line with ellipsis (lists) instead of wrapping. */
  compact?: boolean;
}

/**
 * An address in words, the same everywhere: "≈" marks an approximate one (with the reason on
 * hover), coordinates and "no address known" stand in when there is none, and coordinates show
 * while the address is being looked up (never an empty cell).
 */
export function AddressText({ address, lookup, point, compact = false }: Props) {
  const units = useUnits();
  const at = point ?? lookup?.point ?? null;
  const known = address ?? lookup?.answer?.address;
  const className = `address${compact ? ' address--compact' : ''}`;
  if (!known) {
    if (!at) return <span className={`${className} address--unknown`}>No position</span>;
    return (
      <span className={`${className} address--unknown`} title={lookup?.failed ? 'The address could not be looked up' : 'Looking up the address…'}>
        <span className="mono">{formatCoordinates(at)}</span>
      </span>
    );
  }
  const words = addressWords(known, units, at ?? undefined);
  if (words.unknown) {
    return (
      <span className={`${className} address--unknown`} title={lookup?.answer?.offline ? 'Offline: this place was never looked up on this computer' : undefined}>
        {words.text && <span className="mono">{words.text}</span>} <span className="address__none">no address known</span>
      </span>
    );
  }
  return (
    <span className={className} title={words.approximate ? `Approximate: ${words.text}` : words.text}>
      {words.approximate && (
        <span className="address__approx" aria-label="approximately">
          ≈{' '}
        </span>
      )}
      {words.text}
    </span>
  );
}
