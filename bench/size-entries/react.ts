// What a React app pays for all of @latch/react (every wrapper, the provider
// and the hooks, so nothing is shaken away), on top of the elements it wraps.
export * from '@latch/react';
