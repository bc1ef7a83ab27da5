import { useEffect } from 'react';

/**
 * The tenant's accent colour, applied to the whole console through the theme's `--accent`
 * variables, so every button, focus ring and the selected vehicle's trail carry the brand.
 */
export function useTenantBranding(accentColor: string): void {
  useEffect(() => {
    if (!/^#[0-9a-f]{6}$/i.test(accentColor)) return;
    const root = document.documentElement;
    root.style.setProperty('--accent', accentColor);
    root.style.setProperty('--accent-hover', `color-mix(in srgb, ${accentColor} 85%, white)`);
    return () => {
      root.style.removeProperty('--accent');
      root.style.removeProperty('--accent-hover');
    };
  }, [accentColor]);
}
