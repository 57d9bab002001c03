import { useEffect } from 'react';
import { selectHasForecourt, useStatusStore } from '../stores/status-store';
import { useUiStore, type Screen } from '../stores/ui-store';
import { startPayment } from '../workflows';

const screenKeys: Record<string, Screen> = {
  F1: 'lanes',
  F2: 'sessions',
  F3: 'lot',
  F4: 'alerts',
  F6: 'shift',
  F7: 'schedule',
  F8: 'fuel',
};

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Booth-wide keys. An open dialog owns the keyboard, so nothing here fires behind it. */
export function useShortcuts(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || document.querySelector('[aria-modal="true"]')) return;
      const ui = useUiStore.getState();
      const key = screenKeys[event.key];
      // F8 goes nowhere at a site without pumps (the Fuel screen is not offered there).
      const screen =
        key === 'fuel' && !selectHasForecourt(useStatusStore.getState()) ? undefined : key;
      if (screen) {
        event.preventDefault();
        ui.go(screen);
      } else if (event.key === 'F9') {
        event.preventDefault();
        startPayment();
      } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        ui.focusSearch();
      } else if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) {
        return;
      } else if (event.key === '/') {
        event.preventDefault();
        ui.focusSearch();
      } else if (event.key === '?') {
        event.preventDefault();
        ui.setHelpOpen(true);
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
