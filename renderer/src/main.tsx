// The theme first, so feature stylesheets can refine its base rules.
import './ui/theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { AppProviders } from './app/AppProviders.tsx';
import { createQueryClient } from './app/query-client.ts';
import { connectToHost } from './bridge/connect-to-host.ts';
import { paneFromSearch } from '../../contract/bridge/domains/desk-domain.ts';
import { CrashBoundary } from './ui/CrashBoundary.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain <div id="root">.');

// Created here, once, and handed down through context: no module-level singletons.
const hostLink = connectToHost(window);
const queryClient = createQueryClient();

createRoot(root).render(
  <StrictMode>
    <CrashBoundary>
      <AppProviders hostLink={hostLink} queryClient={queryClient}>
        <App pane={paneFromSearch(window.location.search)} />
      </AppProviders>
    </CrashBoundary>
  </StrictMode>,
);
