// Side-effect entry: `import '@latch/elements/define'` registers every element.
import { defineLatchElements } from './defineLatchElements.ts';

defineLatchElements();
