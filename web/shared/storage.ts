/**
 * Web storage that may be blocked (private mode, a sandboxed frame): a read then gives undefined
 * and a write does nothing, so the page still works for this page view.
 */
export interface SafeStorage {
  get(key: string): string | undefined;
  /** undefined removes the key */
  set(key: string, value: string | undefined): void;
}

export function safeStorage(kind: 'localStorage' | 'sessionStorage'): SafeStorage {
  return {
    get(key) {
      try {
        return window[kind].getItem(key) ?? undefined;
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      try {
        if (value === undefined) window[kind].removeItem(key);
        else window[kind].setItem(key, value);
      } catch {
        /* blocked: nothing is kept */
      }
    },
  };
}
