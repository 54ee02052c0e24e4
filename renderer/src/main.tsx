import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installBrowserBridge } from './bridge/install';

// Electron's preload has already exposed window.stride; in browser mode it is built here, before anything
// renders, so every component can rely on it.
installBrowserBridge(window);

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
