/** The TanStack Query key of the signed-in user's consents (`useConsents()`); `<Consent/>` updates it after every change. */
export const consentsQueryKey = ['latch', 'consents'] as const;
