/** A stylesheet a light-DOM element adds to its document once. */
export interface ElementStylesheet {
  /** Stable id; the `<style>` fallback carries it, so pages can spot it. */
  readonly id: string;
  readonly css: string;
}

const injected = new WeakMap<Document, Set<string>>();

/**
 * Adds `sheet` to `doc` unless already there. Prefers a constructed
 * stylesheet because CSP `style-src` does not govern those, so pages need no
 * `'unsafe-inline'`; falls back to a `<style id>` in `<head>`.
 */
export function injectStyles(doc: Document, sheet: ElementStylesheet): void {
  let ids = injected.get(doc);
  if (!ids) injected.set(doc, (ids = new Set()));
  if (ids.has(sheet.id) || doc.getElementById(sheet.id)) {
    ids.add(sheet.id);
    return;
  }
  ids.add(sheet.id);
  const view = doc.defaultView;
  if (view && 'adoptedStyleSheets' in doc && 'replaceSync' in view.CSSStyleSheet.prototype) {
    const constructed = new view.CSSStyleSheet();
    constructed.replaceSync(sheet.css);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, constructed];
    return;
  }
  const style = doc.createElement('style');
  style.id = sheet.id;
  style.textContent = sheet.css;
  doc.head.append(style);
}
