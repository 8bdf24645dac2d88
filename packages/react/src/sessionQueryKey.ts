/** The TanStack Query key of the current session, for `invalidateQueries` or `setQueryData`. */
export const sessionQueryKey = ['latch', 'session'] as const;
