import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDefaultClient } from './api/select.js';
import { App } from './App.js';
import { AppProviders } from './AppProviders.js';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <AppProviders api={createDefaultClient()}>
      <App />
    </AppProviders>
  </StrictMode>,
);
