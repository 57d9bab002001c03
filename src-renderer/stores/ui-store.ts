import { create } from 'zustand';
import { onSignedOut } from '../session-signal';

/** operators, settings, charts and exceptions: a manager's only (the nav shows them to managers). */
export type Screen =
  | 'lanes'
  | 'sessions'
  | 'lot'
  | 'alerts'
  | 'shift'
  | 'schedule'
  | 'fuel'
  | 'charts'
  | 'exceptions'
  | 'sync'
  | 'operators'
  | 'settings';

interface UiState {
  screen: Screen;
  helpOpen: boolean;
  /** Bumped to ask the plate search box to take focus. */
  searchFocusRequest: number;
  go: (screen: Screen) => void;
  focusSearch: () => void;
  setHelpOpen: (open: boolean) => void;
}

export const useUiStore = create<UiState>()((set) => ({
  screen: 'lanes',
  helpOpen: false,
  searchFocusRequest: 0,
  go(screen) {
    set({ screen });
  },
  focusSearch() {
    set((s) => ({ screen: 'sessions', searchFocusRequest: s.searchFocusRequest + 1 }));
  },
  setHelpOpen(helpOpen) {
    set({ helpOpen });
  },
}));

// The next operator starts on the lanes, not on the screen the last one left open.
onSignedOut(() => useUiStore.getState().go('lanes'));
