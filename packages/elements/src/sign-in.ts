// Entry `@latch/elements/sign-in`: registers <latch-sign-in> and nothing else,
// so a page with only a sign-in form pays only for that (see bench/README.md).
import { LatchSignIn } from './sign-in/sign-in.ts';

export { LatchSignIn };

const registry = (globalThis as { customElements?: CustomElementRegistry }).customElements;
// Absent on a server: importing this there defines nothing.
if (registry && !registry.get('latch-sign-in')) registry.define('latch-sign-in', LatchSignIn);
