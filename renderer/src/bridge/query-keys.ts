/**
 * react-query keys. Everything a workspace owns lives under `['ws', workspaceId, …]`, so a query
 * of one workspace can never answer for another, and dropping a workspace drops all its data.
 */
export const queryKeys = {
  session: ['session'] as const,
  /** Where this computer keeps sign-ins (fixed for the engine's life). */
  vaultStatus: ['vault-status'] as const,
  workspace: (workspaceId: string) => ['ws', workspaceId] as const,
  devices: (workspaceId: string) => ['ws', workspaceId, 'devices'] as const,
  fleet: (workspaceId: string) => ['ws', workspaceId, 'fleet'] as const,
  sync: (workspaceId: string) => ['ws', workspaceId, 'sync'] as const,
  alerts: (workspaceId: string) => ['ws', workspaceId, 'alerts'] as const,
  health: (workspaceId: string, deviceId: string) => ['ws', workspaceId, 'health', deviceId] as const,
  history: (workspaceId: string, deviceId: string, from: string) => ['ws', workspaceId, 'history', deviceId, from] as const,
  trips: (workspaceId: string, deviceId: string, day: string) => ['ws', workspaceId, 'trips', deviceId, day] as const,
  /** The day of a vehicle's newest trip in the week up to `today` (the trips panel's opening day). */
  latestTripDay: (workspaceId: string, deviceId: string, today: string) => ['ws', workspaceId, 'trips', deviceId, 'latest-before', today] as const,
  track: (workspaceId: string, tripId: string) => ['ws', workspaceId, 'track', tripId] as const,
  geofences: (workspaceId: string) => ['ws', workspaceId, 'geofences'] as const,
  /** The address of a point rounded to 1e-4° (features/places/address-batcher.ts `pointKey`). */
  address: (workspaceId: string, pointKey: string) => ['ws', workspaceId, 'address', pointKey] as const,
  placeSearch: (workspaceId: string, query: string) => ['ws', workspaceId, 'place-search', query] as const,
  nearestVehicles: (workspaceId: string, pointKey: string) => ['ws', workspaceId, 'nearest-vehicles', pointKey] as const,
  /** The workspace's offline region pack: what is stored and any download in progress. */
  regionPack: (workspaceId: string) => ['ws', workspaceId, 'region-pack'] as const,
  /** What the workspace's offline cache holds (trips per day, data kinds, sizes). */
  offlineContents: (workspaceId: string) => ['ws', workspaceId, 'offline-contents'] as const,
  /** Fleet insights for one question (period, selection, ranking, page), as JSON. */
  insights: (workspaceId: string, question: string) => ['ws', workspaceId, 'insights', question] as const,
  /** Members an alert can be assigned to (needs users.read). */
  assignableMembers: (workspaceId: string) => ['ws', workspaceId, 'members', 'assignable'] as const,
};
