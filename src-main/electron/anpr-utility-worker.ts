/*
 * The plate reader's worker as Electron starts it: utilityProcess.fork (bundled to
 * dist/main/anpr-utility-worker.cjs). With the runAsNode fuse off, child_process.fork of the
 * Electron binary would start another app instead of Node, so the worker runs in a utility
 * process and talks over process.parentPort. The import order matters: the adapter first.
 */
import './parent-port-adapter';
import '../anpr/anpr-worker';
