import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds the check that decides whether an IPC sender (or a navigation target) is the app's own
 * renderer: the exact file URL of dist/renderer/index.html, hash and query ignored. Anything
 * else (http(s), another file, devtools://, data:, about:blank, file://host/...) is refused.
 *
 * Paths are compared after decoding the URL back to a path, so percent-encoding differences
 * between Chromium and Node (spaces in "Station Console", drive letters) cannot cause a false
 * refusal; Windows paths compare case-insensitively because its file system does.
 */
export function createTrustedFrameCheck(
  rendererIndexPath: string,
  opts: { caseInsensitive?: boolean } = {},
): (url: string) => boolean {
  const caseInsensitive = opts.caseInsensitive ?? process.platform === 'win32';
  const norm = (p: string) => {
    const resolved = path.resolve(p);
    return caseInsensitive ? resolved.toLowerCase() : resolved;
  };
  const expected = norm(rendererIndexPath);

  return (url: string): boolean => {
    if (typeof url !== 'string' || url.length === 0) return false;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    // Only local files with no host: file://evil-host/share/index.html is a network path on Windows.
    if (parsed.protocol !== 'file:' || parsed.host !== '') return false;
    parsed.hash = '';
    parsed.search = '';
    let filePath: string;
    try {
      filePath = fileURLToPath(parsed);
    } catch {
      return false; // encoded slashes and other URLs that are not a plain path
    }
    return norm(filePath) === expected;
  };
}
