import path from 'node:path';
import { CameraError, type CameraSource, type CameraSourceSpec } from './camera-source';
import { DeviceSource } from './device-source';
import { ImageFolderSource } from './image-folder-source';
import { VideoFileSource } from './video-file-source';

export { DeviceSource, type DeviceSourceOptions } from './device-source';
export { ImageFolderSource, type ImageFolderOptions } from './image-folder-source';
export { VideoFileSource, type VideoFileOptions } from './video-file-source';

/**
 * Builds the source a lane's config asks for. Folder and video paths are resolved against
 * `baseDir` (e.g. the app's resources dir), so configs can say `sample-lanes/entry`.
 * Nothing is opened here; an unknown kind throws CameraError('cannot-open').
 */
export function createCameraSource(
  spec: CameraSourceSpec,
  baseDir: string,
  options: { id?: string; loop?: boolean } = {},
): CameraSource {
  switch (spec.kind) {
    case 'folder':
      return new ImageFolderSource(path.resolve(baseDir, spec.uri), {
        ...options,
        holdMs: (spec.holdSeconds ?? 0) * 1000,
      });
    case 'video':
      return new VideoFileSource(path.resolve(baseDir, spec.uri), options);
    case 'device':
      return new DeviceSource(spec.uri, { id: options.id });
    default: {
      // Configs come from disk, so guard against kinds TypeScript cannot see.
      const kind: unknown = (spec as { kind: unknown }).kind;
      throw new CameraError('cannot-open', `Unknown camera source kind: ${String(kind)}`);
    }
  }
}
