import { ApartmentOutlined, IdcardOutlined, TeamOutlined } from '@ant-design/icons';
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
  { key: 'staff', path: '/staff', label: '工作人员管理', icon: <TeamOutlined />, visibleTo: ['community_admin'] },
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
