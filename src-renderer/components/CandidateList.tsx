import { useEffect, useRef, type KeyboardEvent } from 'react';
import { formatWhen, matchKindKey, sessionStateKey } from '../format';
import { useT } from '../stores/i18n-store';
import { isSearchStale, useSessionsStore } from '../stores/sessions-store';
import { Photo } from './Photo';

/** Ranked search results; arrows move, Enter or a tap opens one. */
export function CandidateList() {
  const t = useT();
  const candidates = useSessionsStore((s) => s.candidates);
  const activeIndex = useSessionsStore((s) => s.activeIndex);
  const selectedId = useSessionsStore((s) => s.selected?.id ?? null);
  const searching = useSessionsStore((s) => s.searching);
  const error = useSessionsStore((s) => s.searchError);
  const stale = useSessionsStore(isSearchStale);
  const hasQuery = useSessionsStore((s) => s.query.trim() !== '');
  const setActive = useSessionsStore((s) => s.setActive);
  const select = useSessionsStore((s) => s.select);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    listRef.current?.children[activeIndex]?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex]);

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const next = Math.min(
      candidates.length - 1,
      Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)),
    );
    setActive(next);
    listRef.current?.querySelectorAll('button')[next]?.focus();
  }

  if (error) {
    return (
      <p className="inline-error" role="alert">
        {t('search.failed', { error })}
      </p>
    );
  }
  if (hasQuery && !stale && !searching && candidates.length === 0) {
    return <p className="muted">{t('search.noMatch')}</p>;
  }
  return (
    <ul ref={listRef} className="candidates" aria-label={t('search.results')} aria-busy={searching}>
      {candidates.map((c, index) => (
        <li key={c.session.id}>
          <button
            type="button"
            className={index === activeIndex ? 'candidate active' : 'candidate'}
            aria-current={c.session.id === selectedId ? 'true' : undefined}
            data-testid={`candidate-${c.session.id}`}
            onClick={() => {
              setActive(index);
              void select(c.session.id);
            }}
            onKeyDown={(e) => onKeyDown(e, index)}
          >
            <Photo
              photoId={c.session.entryPhotoId}
              alt={t('photo.entryOf', { plate: c.session.plate })}
              className="thumb"
            />
            <span className="plate">{c.session.plate}</span>
            <span className={`match match-${c.matchKind}`}>{t(matchKindKey[c.matchKind])}</span>
            <span>{formatWhen(c.session.entryAt)}</span>
            <span className={`state state-${c.session.state}`}>
              {t(sessionStateKey[c.session.state])}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
