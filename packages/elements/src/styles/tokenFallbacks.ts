/**
 * The light theme's value of every token the elements' CSS uses, resolved:
 * the fallback in each `var(--latch-…, <fallback>)`, so an element looks
 * right where no theme is loaded. Only these tokens, not the whole token
 * table of `@latch/tokens`, so a page does not download the rest; the values
 * are checked against the light theme in `cssVar.test.ts`, which also fails
 * when an element uses a token missing here.
 */
export const tokenFallbacks = {
  'border.card': '1px solid #e2e8f0',
  'border.input': '1px solid #64748b',
  'button.font-weight': '500',
  'button.min-height': '2.75rem',
  'button.radius': '8px',
  'button.transition': '120ms',
  'card.padding': '2rem',
  'card.radius': '12px',
  'card.shadow': '0px 1px 2px 0px #0f172a14',
  'color.action.primary': '#4f46e5',
  'color.action.primary-hover': '#4338ca',
  'color.action.secondary': '#4338ca',
  'color.border.danger': '#dc2626',
  'color.border.default': '#64748b',
  'color.border.subtle': '#e2e8f0',
  'color.feedback.danger-surface': '#fef2f2',
  'color.surface.default': '#ffffff',
  'color.surface.muted': '#f8fafc',
  'color.text.danger': '#b91c1c',
  'color.text.default': '#0f172a',
  'color.text.muted': '#475569',
  'color.text.on-action': '#ffffff',
  'focus.ring.color': '#4f46e5',
  'focus.ring.offset': '2px',
  'focus.ring.width': '3px',
  'input.min-height': '2.75rem',
  'input.radius': '8px',
  'motion.easing.standard': 'cubic-bezier(0.2, 0, 0, 1)',
  'radius.md': '8px',
  'radius.sm': '4px',
  'spacing.1': '0.25rem',
  'spacing.2': '0.5rem',
  'spacing.3': '0.75rem',
  'spacing.4': '1rem',
  'spacing.6': '1.5rem',
  'typography.font-family.base': "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  'typography.font-size.lg': '1.5rem',
  'typography.font-size.md': '1rem',
  'typography.font-size.sm': '0.875rem',
  'typography.font-weight.bold': '700',
  'typography.font-weight.medium': '500',
  'typography.line-height.base': '1.5',
  'typography.line-height.tight': '1.25',
} as const satisfies Readonly<Record<string, string>>;
