import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { LoginPage, type LoginState } from '../features/auth/LoginPage';
import { useSession } from '../features/auth/session';
import { FacilitiesPage } from '../features/community/FacilitiesPage';
import { PatientLookupPage } from '../features/patients/PatientLookupPage';
import { StaffAccountsPage } from '../features/staff/StaffAccountsPage';
import { AppLayout } from './AppLayout';
import { canSee, homePathFor, navItem } from './nav';

export function AppRoutes() {
  const { staff } = useSession();
  const home = homePathFor(staff);
  return (
    <Routes>
      <Route path="/login" element={staff ? <Navigate to={home} replace /> : <LoginPage />} />
      <Route element={<AppLayout />}>
        <Route path="/facilities" element={<FacilitiesPage />} />
        <Route path="/patients" element={<Restricted navKey="patients" page={<PatientLookupPage />} />} />
        <Route path="/staff" element={<Restricted navKey="staff" page={<StaffAccountsPage />} />} />
      </Route>
      <Route path="*" element={<Navigate to={home} replace />} />
    </Routes>
  );
}

/** A page shown only to whom its menu item is shown (the API checks again on every request). */
function Restricted({ navKey, page }: { navKey: string; page: ReactNode }) {
  const { staff } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  if (!staff) {
    const state: LoginState = { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  if (canSee(navItem(navKey), staff)) return page;
  return (
    <Result
      status="403"
      title="没有权限访问此页面"
      subTitle={`「${navItem(navKey).label}」仅对有相应角色的账号开放，如需使用请联系医共体管理员。`}
      extra={
        <Button type="primary" onClick={() => navigate(homePathFor(staff), { replace: true })}>
          返回首页
        </Button>
      }
    />
  );
}
