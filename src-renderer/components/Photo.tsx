import { useEffect, useState } from 'react';
import { useT } from '../stores/i18n-store';
import { usePhotosStore } from '../stores/photos-store';

interface PhotoProps {
  photoId: string | null;
  alt: string;
  className?: string;
}

/** A stored plate photo, fetched once through the photos store and cached there. */
export function Photo({ photoId, alt, className = 'photo' }: PhotoProps) {
  const t = useT();
  const loadPhoto = usePhotosStore((s) => s.load);
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
  }, [photoId, loadPhoto]);

  if (!photoId) return <div className={`${className} photo-empty`}>{t('photo.none')}</div>;
  if (loaded?.id !== photoId) {
    return <div className={`${className} photo-empty`}>{t('common.loading')}</div>;
  }
  if (!loaded.url) {
    return <div className={`${className} photo-empty`}>{t('photo.unavailable')}</div>;
  }
  return <img className={className} src={loaded.url} alt={alt} />;
}
