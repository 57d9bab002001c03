import { useEffect, type RefObject } from 'react';

/**
 * Keeps an element fully in view in its scrolling screen while `key` holds (and `active` is
 * true): brought into view when `key` changes, and again whenever it or its container changes
 * size. A session refresh
 * that lands after the payment grows the details above the panel, and on a 768-pixel booth
 * screen that would push the panel's result and its "Done" below the fold.
 */
export function useKeepInView(
  ref: RefObject<HTMLElement | null>,
  key: unknown,
  active = true,
): void {
  useEffect(() => {
    const element = ref.current;
    if (!element || !active) return;
    const bring = () => element.scrollIntoView({ block: 'nearest' });
    bring();
    const observer = new ResizeObserver(bring);
    observer.observe(element);
    if (element.parentElement) observer.observe(element.parentElement);
    return () => observer.disconnect();
  }, [ref, key, active]);
}
