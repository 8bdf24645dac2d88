import type { LatchClient } from '@latch/client';
import { useContext } from 'react';
import { LatchContext } from './LatchContext.ts';

/** The `LatchClient` of the nearest `<LatchProvider>`. */
export function useLatchClient(): LatchClient {
  const context = useContext(LatchContext);
  if (!context) throw new Error('useLatchClient() needs a <LatchProvider> above it in the tree.');
  return context.client;
}
