import { create } from 'zustand';
import type { StationApi } from '../../src-shared';
import { onSignedOut } from '../session-signal';
import { notConnected } from '../station';

/** Photos are immutable, so one fetch per id is enough; the oldest drop out past this many. */
const maxCached = 200;

interface PhotosState {
  start: (api: StationApi) => () => void;
  /** A stored photo as a data: URL, fetched once through photos:get and cached. */
  load: (photoId: string) => Promise<string>;
  reset: () => void;
}

/**
 * The cache holds promises, not state: each Photo keeps the URL it was given, so a photo that
 * drops out of the cache stays on screen (a lot table may show more photos than are cached).
 */
export const usePhotosStore = create<PhotosState>()(() => {
  let api = notConnected;
  const cache = new Map<string, Promise<string>>();
  return {
    start(next) {
      api = next;
      return () => {
        api = notConnected;
      };
    },
    load(photoId) {
      const hit = cache.get(photoId);
      if (hit) {
        cache.delete(photoId);
        cache.set(photoId, hit);
        return hit;
      }
      const pending = api.request('photos:get', { photoId }).then((r) => r.dataUrl);
      // A failure is not remembered: the next render may try again.
      pending.catch(() => cache.delete(photoId));
      cache.set(photoId, pending);
      const oldest = cache.keys().next().value;
      if (cache.size > maxCached && oldest !== undefined) cache.delete(oldest);
      return pending;
    },
    reset() {
      cache.clear();
    },
  };
});

onSignedOut(() => usePhotosStore.getState().reset());
