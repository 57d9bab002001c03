import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { NotConnectedScreen } from './screens/NotConnectedScreen';
import { isConnected } from './station';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>{isConnected() ? <App /> : <NotConnectedScreen />}</ErrorBoundary>
  </StrictMode>,
);
