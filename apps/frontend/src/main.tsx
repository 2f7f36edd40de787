import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';
import './plugins/styles'; // every active plugin's global stylesheet (generated)
import './app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
