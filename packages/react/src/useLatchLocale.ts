import type { LatchLocale } from '@latch/elements';
import { useContext } from 'react';
import { LatchContext } from './LatchContext.ts';

/** A component's own `locale`, else the nearest `<LatchProvider locale>`, else `undefined` (the element follows the page's `lang`). */
export function useLatchLocale(own: string | LatchLocale | undefined): string | LatchLocale | undefined {
  const context = useContext(LatchContext);
  return own ?? context?.locale;
}
