/** The slice of Electron's `Input` (before-input-event) used here. */
export interface KeyInputLike {
  readonly key: string;
  readonly code?: string;
  readonly control: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
}

const PANEL_KEYS = new Set(['i', 'j', 'c']);
const PANEL_CODES = new Set(['KeyI', 'KeyJ', 'KeyC']);

/**
 * The keys that open DevTools or its panels: F12, Ctrl+Shift+I/J/C (Windows, Linux) and
 * Cmd+Alt+I/J/C or Cmd+Shift+C (macOS). A packaged booth has no DevTools and no menu that
 * carries these accelerators; swallowing the keys as well means a stray binding (a future
 * menu, a Chromium default) still cannot open a console at the counter. Plain Ctrl+C (copy)
 * and Ctrl+I are left alone: they need Shift or Alt to match.
 */
export function isDevToolsShortcut(input: KeyInputLike): boolean {
  if (input.key === 'F12' || input.code === 'F12') return true;
  const panel =
    PANEL_KEYS.has(input.key.toLowerCase()) || (!!input.code && PANEL_CODES.has(input.code));
  return panel && (input.control || input.meta) && (input.shift || input.alt);
}
