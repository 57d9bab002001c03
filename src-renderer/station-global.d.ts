import type { StationApi } from '../src-shared';

declare global {
  interface Window {
    /** Provided by the Electron preload or, in a browser, by station-bridge.js. Absent when neither ran. */
    station?: StationApi;
  }
}

export {};
