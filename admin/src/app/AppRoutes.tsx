import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { LoginPage, type LoginState } from '../features/auth/LoginPage';
import { useSession } from '../features/auth/session';
import { BookingQueuePage } from '../features/booking/BookingQueuePage';
import { SchedulesPage } from '../features/booking/SchedulesPage';
import { FacilitiesPage } from '../features/community/FacilitiesPage';
import { PolicyPage } from '../features/insurance/PolicyPage';
import { InteropClientsPage } from '../features/interop/InteropClientsPage';
import { SettlementsPage } from '../features/insurance/SettlementsPage';
import { CallListPage } from '../features/notifications/CallListPage';
import { PatientLookupPage } from '../features/patients/PatientLookupPage';
import { ReconciliationPage } from '../features/payments/ReconciliationPage';
import { ClinicPickupPage } from '../features/prescriptions/ClinicPickupPage';
import { FormularyPage } from '../features/prescriptions/FormularyPage';
import { PharmacyBoardPage } from '../features/prescriptions/PharmacyBoardPage';
import { RenewalsPage } from '../features/prescriptions/RenewalsPage';
import { ReferralsPage } from '../features/referrals/ReferralsPage';
import { CataloguePage } from '../features/results/CataloguePage';
import { ManualEntryPage } from '../features/results/ManualEntryPage';
import { PatientResultsPage } from '../features/results/PatientResultsPage';
import { ReleaseQueuePage } from '../features/results/ReleaseQueuePage';
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
        <Route path="/bookings" element={<Restricted navKey="booking-queue" page={<BookingQueuePage />} />} />
        <Route path="/schedules" element={<Restricted navKey="schedules" page={<SchedulesPage />} />} />
        <Route path="/referrals" element={<Restricted navKey="referrals" page={<ReferralsPage />} />} />
        <Route path="/payments/reconciliation" element={<Restricted navKey="reconciliation" page={<ReconciliationPage />} />} />
        <Route path="/results/patients/:personId" element={<Restricted navKey="patients" page={<PatientResultsPage />} />} />
        <Route path="/results/release" element={<Restricted navKey="results-release" page={<ReleaseQueuePage />} />} />
        <Route path="/results/manual" element={<Restricted navKey="results-manual" page={<ManualEntryPage />} />} />
        <Route path="/results/catalogue" element={<Restricted navKey="results-catalogue" page={<CataloguePage />} />} />
        <Route path="/staff" element={<Restricted navKey="staff" page={<StaffAccountsPage />} />} />
        <Route path="/interop" element={<Restricted navKey="interop" page={<InteropClientsPage />} />} />
        <Route path="/insurance/settlements" element={<Restricted navKey="insurance-settlements" page={<SettlementsPage />} />} />
        <Route path="/insurance/policies" element={<Restricted navKey="insurance-policies" page={<PolicyPage />} />} />
        <Route path="/call-list" element={<Restricted navKey="call-list" page={<CallListPage />} />} />
        <Route path="/renewals" element={<Restricted navKey="renewals" page={<RenewalsPage />} />} />
        <Route path="/pharmacy" element={<Restricted navKey="pharmacy" page={<PharmacyBoardPage />} />} />
        <Route path="/formulary" element={<Restricted navKey="formulary" page={<FormularyPage />} />} />
        <Route path="/clinic-pickup" element={<Restricted navKey="clinic-pickup" page={<ClinicPickupPage />} />} />
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
