import { LatchApiError } from '@latch/client';
import { defineLatchElements } from '@latch/elements';
import { createFakeClient, signedInSession, type FakeClientHandlers } from '@latch/elements/fixtures';
import type { ErrorFixture } from './renderFlow.ts';

/** One thing a user does once the element shows, through its real controls. */
export type UserAction =
  /** Presses the enabled button (or option) whose text or accessible name is this. */
  | { press: string }
  /** Types into the control labelled so. */
  | { fill: string; value: string };

export interface ElementStory {
  /** How the fake BFF answers; unscripted calls reject, as an unknown route would. */
  handlers?: FakeClientHandlers;
  /** Attributes set on the element before it connects. */
  attributes?: Record<string, string>;
  /** Replayed in order once each control appears. */
  actions?: UserAction[];
}

/** A handler answering with a recorded error body (status, code, message…). */
export const fails =
  (error: ErrorFixture | ConstructorParameters<typeof LatchApiError>[0]) =>
  (): never => {
    throw new LatchApiError(error);
  };

/** A handler that never answers: the loading or busy state stays on screen. */
export const never = (): Promise<never> => new Promise<never>(() => {});

/**
 * Mounts a Latch element signed in as Ada on a fake BFF answering from the
 * recorded fixtures, then replays the story's user actions through the real
 * controls, so each state is reached by the element's own code.
 */
export function renderElement(tag: string, story: ElementStory = {}): HTMLElement {
  defineLatchElements();
  const element = document.createElement(tag) as HTMLElement & { client?: unknown };
  for (const [name, value] of Object.entries(story.attributes ?? {})) element.setAttribute(name, value);
  element.client = createFakeClient({ getSession: () => signedInSession, ...story.handlers });
  if (story.actions?.length) void replay(element, story.actions);
  return element;
}

async function replay(element: HTMLElement, actions: UserAction[]): Promise<void> {
  for (const action of actions) {
    if ('press' in action) {
      const target = await waitFor(() => pressable(element, action.press));
      if (!target) return;
      target.click();
    } else {
      const control = await waitFor(() => labelled(element, action.fill));
      if (!control) return;
      control.value = action.value;
      control.dispatchEvent(new Event('input', { bubbles: true }));
      control.dispatchEvent(new Event('change', { bubbles: true }));
    }
    // Let the element render what the action caused before the next one looks for its control.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

const text = (node: Element): string => node.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function pressable(root: HTMLElement, name: string): HTMLElement | null {
  const candidates = [...root.querySelectorAll<HTMLElement>('button, [role="option"], a')];
  return candidates.find((candidate) => (text(candidate) === name || candidate.getAttribute('aria-label') === name) && !(candidate as HTMLButtonElement).disabled) ?? null;
}

function labelled(root: HTMLElement, name: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null {
  const label = [...root.querySelectorAll('label')].find((candidate) => text(candidate) === name);
  const control = label ? (label.control ?? root.ownerDocument.getElementById(label.htmlFor)) : null;
  return control instanceof HTMLInputElement || control instanceof HTMLSelectElement || control instanceof HTMLTextAreaElement ? control : null;
}

/** Polls until `find` returns something; gives up after five seconds (e.g. the story was unmounted). */
async function waitFor<T>(find: () => T | null): Promise<T | null> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
