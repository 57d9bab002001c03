import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { refused } from '../../src-shared';
import type { PhotoRepository } from '../db/repositories/event-repositories';
import type { Clock } from '../platform/clock';
import { newId } from './ids';

/** Entry and exit photos: JPEG files under the data directory, indexed in SQLite. */
export class PhotoStore {
  constructor(
    private readonly dir: string,
    private readonly photos: PhotoRepository,
    private readonly clock: Clock,
  ) {}

  save(jpeg: Buffer, laneId: string | null): string {
    const at = this.clock();
    const id = newId('P', at);
    const day = new Date(at).toISOString().slice(0, 10);
    const folder = join(this.dir, day);
    mkdirSync(folder, { recursive: true });
    const path = join(folder, `${id}.jpg`);
    writeFileSync(path, jpeg);
    this.photos.insert({ id, laneId, takenAt: at, path });
    return id;
  }

  dataUrl(photoId: string): string {
    const path = this.photos.path(photoId);
    if (!path) throw refused('NOT_FOUND', 'refusal.noSuchPhoto');
    try {
      return `data:image/jpeg;base64,${readFileSync(path).toString('base64')}`;
    } catch {
      throw refused('NOT_FOUND', 'refusal.photoMissing');
    }
  }
}
