import { LatchProvider } from '@latch/react';
import { themesCss } from '@latch/tokens';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';

// Every built theme; <html data-latch-theme="auto"> (index.html) follows prefers-color-scheme.
const theme = new CSSStyleSheet();
theme.replaceSync(themesCss);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, theme];

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks the #root element');
createRoot(root).render(
  <StrictMode>
    <LatchProvider>
      <App />
    </LatchProvider>
  </StrictMode>,
);
