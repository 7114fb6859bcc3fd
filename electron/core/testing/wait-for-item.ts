/**
 * Tests wait for events, never for time: `waitForItem(events, check)` resolves when an item
 * passing `check` is in an array the code under test pushes to (already there, or the moment
 * it is pushed). A test that waits in vain ends at the test runner's timeout.
 */

type Listener = () => void;

const listeners = new WeakMap<unknown[], Set<Listener>>();

/** One wrapper per array around `push`, telling every waiter after each push. */
function listenersOf(items: unknown[]): Set<Listener> {
  let set = listeners.get(items);
  if (!set) {
    const waiting = new Set<Listener>();
    const push = items.push;
    // Not enumerable, so the array still equals a plain one in assertions.
    Object.defineProperty(items, 'push', {
      configurable: true,
      writable: true,
      enumerable: false,
      value(this: unknown[], ...added: unknown[]) {
        const length = push.apply(this, added);
        for (const listener of [...waiting]) listener();
        return length;
      },
    });
    listeners.set(items, waiting);
    set = waiting;
  }
  return set;
}

export function waitForItem<T>(items: T[], check: (item: T, index: number) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const waiting = listenersOf(items);
    const look = () => {
      const index = items.findIndex(check);
      if (index < 0) return false;
      waiting.delete(look);
      resolve(items[index]);
      return true;
    };
    if (!look()) waiting.add(look);
  });
}
