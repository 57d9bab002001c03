import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { PlainKey } from '../../src-shared';
import { useT } from '../stores/i18n-store';
import {
  isSearchStale,
  searchKey,
  useSessionsStore,
  type SearchScope,
} from '../stores/sessions-store';
import { useUiStore } from '../stores/ui-store';

const debounceMs = 200;
const scopes: { scope: SearchScope; label: PlainKey }[] = [
  { scope: 'lot', label: 'search.inLot' },
  { scope: 'all', label: 'search.all' },
];

/** Enter picks the highlighted candidate; before results arrive it searches at once. */
async function onEnter(): Promise<void> {
  const store = useSessionsStore.getState();
  const current = () => {
    const s = useSessionsStore.getState();
    return isSearchStale(s) ? null : s.candidates;
  };
  let candidates = current();
  if (!candidates) {
    await store.search();
    candidates = current();
    // Only an exact hit is taken without the cashier seeing the list first.
    if (candidates?.[0]?.matchKind !== 'exact') return;
  }
  const pick = candidates[useSessionsStore.getState().activeIndex] ?? candidates[0];
  if (pick) await store.select(pick.session.id);
}

export function PlateSearch() {
  const t = useT();
  const query = useSessionsStore((s) => s.query);
  const scope = useSessionsStore((s) => s.scope);
  const setQuery = useSessionsStore((s) => s.setQuery);
  const setScope = useSessionsStore((s) => s.setScope);
  const moveActive = useSessionsStore((s) => s.moveActive);
  const focusRequest = useUiStore((s) => s.searchFocusRequest);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [focusRequest]);

  useEffect(() => {
    const s = useSessionsStore.getState();
    if (s.searchedKey === searchKey(query, scope)) return;
    const timer = setTimeout(() => void useSessionsStore.getState().search(), debounceMs);
    return () => clearTimeout(timer);
  }, [query, scope]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      moveActive(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void onEnter();
    }
  }

  return (
    <div className="plate-search">
      <label className="field">
        <span>{t('search.label')}</span>
        <input
          ref={inputRef}
          type="search"
          className="plate-input"
          value={query}
          maxLength={32}
          autoComplete="off"
          spellCheck={false}
          aria-keyshortcuts="/ Control+K"
          aria-describedby="plate-search-hint"
          onChange={(e) => setQuery(e.target.value.toUpperCase())}
          onKeyDown={onKeyDown}
        />
      </label>
      <small id="plate-search-hint" className="muted">
        {t('search.hint')}
      </small>
      <div className="segmented" role="group" aria-label={t('search.scope')}>
        {scopes.map((s) => (
          <button
            key={s.scope}
            type="button"
            aria-pressed={scope === s.scope}
            onClick={() => setScope(s.scope)}
          >
            {t(s.label)}
          </button>
        ))}
      </div>
    </div>
  );
}
