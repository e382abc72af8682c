import { Navigate, Route, Routes } from 'react-router-dom';
import { LoginPage } from '../features/auth/LoginPage';
import { useSession } from '../features/auth/session';
import { FacilitiesPage } from '../features/community/FacilitiesPage';
import { AppLayout } from './AppLayout';

export function AppRoutes() {
  const { staff } = useSession();
  return (
    <Routes>
      <Route path="/login" element={staff ? <Navigate to="/facilities" replace /> : <LoginPage />} />
      <Route element={<AppLayout />}>
        <Route path="/facilities" element={<FacilitiesPage />} />
      </Route>
      <Route path="*" element={<Navigate to={staff ? '/facilities' : '/login'} replace />} />
    </Routes>
  );
}
