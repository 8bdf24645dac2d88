// The entry bundle-size.ts measures: what a page pays to use the sign-in and sign-up elements.
import '@latch/elements/define';
