import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { connectStores } from './connect';
import { NotConnectedScreen } from './screens/NotConnectedScreen';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// Provided by the Electron preload or station-bridge.js; absent when neither ran.
const bridge = window.station;
if (bridge) connectStores(bridge);

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>{bridge ? <App /> : <NotConnectedScreen />}</ErrorBoundary>
  </StrictMode>,
);
