/** The DOM helpers both pages share: element creation and keyed list updates. Text goes in as text nodes, never as HTML. */
type Child = Node | string | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined;

/** `h('li', { class: 'msg', 'data-seq': 3 }, 'text')`: attributes set as given; false, null and undefined are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, AttrValue> | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === undefined) continue;
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** The element with this id; a missing one is a broken page, so it throws. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

/**
 * Makes `parent`'s children the elements of `keys`, in that order, reusing the element already
 * there for a key (so focus and scroll survive) and creating the missing ones. Children are keyed
 * by `data-key`; elements without one (e.g. a static heading) are left alone at the front.
 */
export function reconcile(parent: HTMLElement, keys: string[], create: (key: string) => HTMLElement, update: (element: HTMLElement, key: string) => void): void {
  const existing = new Map<string, HTMLElement>();
  for (const child of Array.from(parent.children)) {
    const key = (child as HTMLElement).dataset.key;
    if (key !== undefined) existing.set(key, child as HTMLElement);
  }
  let cursor: Element | null = parent.firstElementChild;
  while (cursor && (cursor as HTMLElement).dataset.key === undefined) cursor = cursor.nextElementSibling;
  for (const key of keys) {
    let element = existing.get(key);
    existing.delete(key);
    if (!element) {
      element = create(key);
      element.dataset.key = key;
    }
    update(element, key);
    if (element !== cursor) parent.insertBefore(element, cursor);
    else cursor = cursor.nextElementSibling;
  }
  for (const stale of existing.values()) stale.remove();
}

/** Replaces an element's children; null, undefined and false are skipped as in `h`. */
export function fill(element: HTMLElement, ...children: Child[]): void {
  element.replaceChildren(...children.filter((child): child is Node | string => child !== null && child !== undefined && child !== false));
}
