import { AccountBookOutlined, ApartmentOutlined, AuditOutlined, EditOutlined, FileDoneOutlined, IdcardOutlined, PhoneOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import { CalendarOutlined, ScheduleOutlined, SwapOutlined, TransactionOutlined } from '@ant-design/icons';
import { ApiOutlined, DatabaseOutlined, ExperimentOutlined, InboxOutlined, MedicineBoxOutlined } from '@ant-design/icons';
import type { StaffProfile, StaffRole } from '@ygt/shared';
import type { ReactNode } from 'react';

export interface NavItem {
  /** Also names the menu item's test id: `nav-<key>`. */
  key: string;
  path: string;
  label: string;
  icon: ReactNode;
  /** Who sees the item: 'everyone' includes visitors who have not signed in; 'staff' is any signed-in staff member. */
  visibleTo: 'everyone' | 'staff' | StaffRole[];
}

export const NAV_ITEMS: NavItem[] = [
  { key: 'facilities', path: '/facilities', label: '医共体机构', icon: <ApartmentOutlined />, visibleTo: 'everyone' },
  { key: 'patients', path: '/patients', label: '患者查询', icon: <IdcardOutlined />, visibleTo: 'staff' },
  { key: 'booking-queue', path: '/bookings', label: '预约队列', icon: <CalendarOutlined />, visibleTo: ['clinic_staff', 'doctor', 'community_admin'] },
  { key: 'schedules', path: '/schedules', label: '排班管理', icon: <ScheduleOutlined />, visibleTo: ['clinic_staff', 'community_admin'] },
  { key: 'referrals', path: '/referrals', label: '转诊中心', icon: <SwapOutlined />, visibleTo: ['doctor', 'clinic_staff', 'community_admin'] },
  { key: 'reconciliation', path: '/payments/reconciliation', label: '对账', icon: <TransactionOutlined />, visibleTo: ['community_admin'] },
  { key: 'results-release', path: '/results/release', label: '待发布结果', icon: <FileDoneOutlined />, visibleTo: ['doctor'] },
  { key: 'results-manual', path: '/results/manual', label: '手工录入结果', icon: <EditOutlined />, visibleTo: ['clinic_staff', 'doctor'] },
  { key: 'renewals', path: '/renewals', label: '续方审核', icon: <MedicineBoxOutlined />, visibleTo: ['doctor'] },
  { key: 'pharmacy', path: '/pharmacy', label: '药房', icon: <ExperimentOutlined />, visibleTo: ['pharmacist'] },
  { key: 'formulary', path: '/formulary', label: '药品目录', icon: <DatabaseOutlined />, visibleTo: ['pharmacist'] },
  { key: 'clinic-pickup', path: '/clinic-pickup', label: '取药', icon: <InboxOutlined />, visibleTo: ['clinic_staff', 'doctor'] },
  { key: 'call-list', path: '/call-list', label: '电话通知名单', icon: <PhoneOutlined />, visibleTo: ['clinic_staff', 'doctor'] },
  { key: 'insurance-settlements', path: '/insurance/settlements', label: '医保结算记录', icon: <AccountBookOutlined />, visibleTo: 'staff' },
  { key: 'results-catalogue', path: '/results/catalogue', label: '互认目录', icon: <AuditOutlined />, visibleTo: ['community_admin'] },
  { key: 'insurance-policies', path: '/insurance/policies', label: '医保政策', icon: <SafetyCertificateOutlined />, visibleTo: ['community_admin'] },
  { key: 'staff', path: '/staff', label: '工作人员管理', icon: <TeamOutlined />, visibleTo: ['community_admin'] },
  { key: 'interop', path: '/interop', label: '对接系统', icon: <ApiOutlined />, visibleTo: ['community_admin'] },
];

export function canSee(item: NavItem, staff: StaffProfile | null): boolean {
  const { visibleTo } = item;
  if (visibleTo === 'everyone') return true;
  if (staff === null) return false;
  return visibleTo === 'staff' || staff.roles.some((role) => visibleTo.includes(role));
}

export function navItemsFor(staff: StaffProfile | null): NavItem[] {
  return NAV_ITEMS.filter((item) => canSee(item, staff));
}

export function navItem(key: string): NavItem {
  const item = NAV_ITEMS.find((i) => i.key === key);
  if (!item) throw new Error(`No navigation item '${key}'`);
  return item;
}

/** Where a session starts: the patient desk for staff, the login page for visitors. */
export function homePathFor(staff: StaffProfile | null): string {
  return staff ? navItem('patients').path : '/login';
}
