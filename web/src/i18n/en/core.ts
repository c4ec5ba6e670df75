// The messenger: room list, room view, composer, offline state.
export const core = {
  "app.name": "Parley",
} as const;
