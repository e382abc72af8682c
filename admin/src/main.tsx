import { App as AntApp, ConfigProvider } from 'antd';
// The ES build: under "type": "module" the CommonJS 'antd/locale/zh_CN' default-imports as { default }.
import zhCN from 'antd/es/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router-dom';
import 'antd/dist/reset.css';
import { AppRoutes } from './app/AppRoutes';
import { theme } from './app/theme';
import { SessionProvider } from './features/auth/session';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={theme}>
      <AntApp>
        <HashRouter>
          <SessionProvider>
            <AppRoutes />
          </SessionProvider>
        </HashRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
