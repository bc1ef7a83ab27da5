import { QueryClient } from '@tanstack/react-query';
import { BridgeError, type BridgeErrorCode } from '../../../contract/bridge/bridge-error.ts';

/** Failures worth one quiet retry; anything else is shown at once with its own message. */
const transient: readonly BridgeErrorCode[] = ['server-unreachable', 'server-error'];

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < 1 && error instanceof BridgeError && transient.includes(error.code),
        // The window regaining focus says nothing about the fleet; live updates will come from the stream.
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  });
}
