/** Resolves when `check` holds, re-checked each time one of `listeners` is called (the fake's own events). */
export function waitUntil<T>(listeners: Set<() => void>, check: () => T | undefined | false, what: string, timeoutMs: number): Promise<T> {
  const first = check();
  if (first) return Promise.resolve(first);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listeners.delete(listener);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const listener = () => {
      const v = check();
      if (v) {
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(v);
      }
    };
    listeners.add(listener);
  });
}
