import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LaneConfig, StationConfig } from './config';
import type { Logger } from '../platform/logger';
import type { SecretStore } from '../platform/secret-store';

const secretName = (laneId: string) => `camera.${laneId}.credentials`;

/** Splits `rtsp://user:pass@host/…` into the address without its user part, and that part. */
export function splitCredentials(uri: string): { uri: string; credentials: string | null } {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { uri, credentials: null }; // a device index or a file path: nothing to hide
  }
  if (!url.username && !url.password) return { uri, credentials: null };
  const credentials = `${url.username}:${url.password}`;
  url.username = '';
  url.password = '';
  return { uri: url.toString(), credentials };
}

/**
 * Camera passwords live in the secret store, never in station.json, the database or a log.
 * An installer may type `rtsp://user:pass@camera/stream` into station.json; at the next start
 * the user part moves into the secret store and the file is rewritten without it. Returns the
 * configuration with every camera address stripped of credentials.
 */
export function moveCameraCredentials(
  config: StationConfig,
  secrets: SecretStore,
  log: Logger,
): StationConfig {
  const lanes = config.lanes.map((lane) => {
    const { uri, credentials } = splitCredentials(lane.camera.uri);
    if (credentials === null) return lane;
    secrets.set(secretName(lane.id), credentials);
    log.warn('moved a camera password from the configuration into the secret store', {
      lane: lane.id,
    });
    return { ...lane, camera: { ...lane.camera, uri } };
  });
  const file = join(config.dataDir, 'station.json');
  if (existsSync(file)) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { lanes?: LaneConfig[] };
    if (
      Array.isArray(raw.lanes) &&
      raw.lanes.some((l) => splitCredentials(l.camera.uri).credentials)
    ) {
      raw.lanes = raw.lanes.map((l) => ({
        ...l,
        camera: { ...l.camera, uri: splitCredentials(l.camera.uri).uri },
      }));
      writeFileSync(`${file}.tmp`, JSON.stringify(raw, null, 2), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    }
  }
  return { ...config, lanes };
}

/** The address the camera is opened with: the stored credentials put back, in memory only. */
export function cameraUriFor(lane: LaneConfig, secrets: SecretStore): string {
  const credentials = secrets.get(secretName(lane.id));
  if (!credentials) return lane.camera.uri;
  const url = new URL(lane.camera.uri);
  const [user, ...rest] = credentials.split(':');
  url.username = user ?? '';
  url.password = rest.join(':');
  return url.toString();
}
