import { useEffect, useState } from 'react';
import { station } from '../station';

/** Photos are immutable, so one fetch per id is enough; the oldest drop out past this many. */
const maxCached = 200;
const cache = new Map<string, Promise<string>>();

function loadPhoto(photoId: string): Promise<string> {
  const hit = cache.get(photoId);
  if (hit) {
    cache.delete(photoId);
    cache.set(photoId, hit);
    return hit;
  }
  const pending = station()
    .request('photos:get', { photoId })
    .then((r) => r.dataUrl);
  // A failure is not remembered: the next render may try again.
  pending.catch(() => cache.delete(photoId));
  cache.set(photoId, pending);
  const oldest = cache.keys().next().value;
  if (cache.size > maxCached && oldest !== undefined) cache.delete(oldest);
  return pending;
}

interface PhotoProps {
  photoId: string | null;
  alt: string;
  className?: string;
}

/** A stored plate photo, fetched once through photos:get and cached. */
export function Photo({ photoId, alt, className = 'photo' }: PhotoProps) {
  const [loaded, setLoaded] = useState<{ id: string; url: string | null } | null>(null);

  useEffect(() => {
    if (!photoId) return;
    let live = true;
    const show = (url: string | null) => {
      if (live) setLoaded({ id: photoId, url });
    };
    loadPhoto(photoId).then(show, () => show(null));
    return () => {
      live = false;
    };
  }, [photoId]);

  if (!photoId) return <div className={`${className} photo-empty`}>No photo</div>;
  if (loaded?.id !== photoId) return <div className={`${className} photo-empty`}>Loading…</div>;
  if (!loaded.url) return <div className={`${className} photo-empty`}>Photo unavailable</div>;
  return <img className={className} src={loaded.url} alt={alt} />;
}
