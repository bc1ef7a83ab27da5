import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { HostLinkContext } from '../bridge/bridge-context.ts';
import type { HostLink } from '../bridge/connect-to-host.ts';

interface Props {
  hostLink: HostLink;
  queryClient: QueryClient;
  children: ReactNode;
}

export function AppProviders({ hostLink, queryClient, children }: Props) {
  return (
    <HostLinkContext value={hostLink}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </HostLinkContext>
  );
}
