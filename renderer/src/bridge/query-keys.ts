/**
 * react-query keys. Everything a workspace owns lives under `['ws', workspaceId, …]`, so a query
 * of one workspace can never answer for another, and dropping a workspace drops all its data.
 */
export const queryKeys = {
  session: ['session'] as const,
  workspace: (workspaceId: string) => ['ws', workspaceId] as const,
  devices: (workspaceId: string) => ['ws', workspaceId, 'devices'] as const,
};
