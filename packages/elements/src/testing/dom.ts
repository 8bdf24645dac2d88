/** Small DOM queries for the element tests, in the spirit of Testing Library (which this repo does not install). */

/** Lets pending promises and Lit updates run. */
export async function settle(element?: { updateComplete: Promise<boolean> }): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (element) await element.updateComplete;
  }
}

/** The control a visible `<label for>` with exactly this text names. */
export function getByLabelText(root: ParentNode, text: string): HTMLInputElement {
  const label = [...root.querySelectorAll('label')].find((candidate) => candidate.textContent?.trim() === text);
  if (!label) throw new Error(`No label "${text}".`);
  const control = label.htmlFor ? (label.ownerDocument.getElementById(label.htmlFor) as HTMLInputElement | null) : null;
  if (!control) throw new Error(`Label "${text}" names no control.`);
  return control;
}

export function getButton(root: ParentNode, text: string): HTMLButtonElement {
  const button = [...root.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === text);
  if (!button) throw new Error(`No button "${text}".`);
  return button;
}

export function queryButton(root: ParentNode, text: string): HTMLButtonElement | undefined {
  return [...root.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === text);
}

export function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
