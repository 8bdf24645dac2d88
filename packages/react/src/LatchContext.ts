import type { LatchClient } from '@latch/client';
import type { LatchLocale } from '@latch/elements';
import { createContext } from 'react';

export interface LatchContextValue {
  client: LatchClient;
  /** The provider's `locale`, passed to every wrapped element that has none of its own. */
  locale?: string | LatchLocale;
}

export const LatchContext = createContext<LatchContextValue | null>(null);
LatchContext.displayName = 'LatchContext';
