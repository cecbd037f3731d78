import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { cachedJson } from './lib/api.ts';
import { CATALOG_URL } from './lib/catalog.ts';
import './styles.css';

// Every page starts from the catalog: ask for it before React's first render.
void cachedJson(CATALOG_URL).catch(() => undefined);

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
