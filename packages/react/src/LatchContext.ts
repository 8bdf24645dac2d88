import type { LatchClient } from '@latch/client';
import { createContext } from 'react';

export interface LatchContextValue {
  client: LatchClient;
}

export const LatchContext = createContext<LatchContextValue | null>(null);
LatchContext.displayName = 'LatchContext';
