import { ApartmentOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { StaffProfile, StaffRole } from '../features/auth/api';

export interface NavItem {
  /** Also names the menu item's test id: `nav-<key>`. */
  key: string;
  path: string;
  label: string;
  icon: ReactNode;
  /** Who sees the item: 'everyone' includes visitors who have not signed in. */
  visibleTo: 'everyone' | StaffRole[];
}

export const NAV_ITEMS: NavItem[] = [
  { key: 'facilities', path: '/facilities', label: '医共体机构', icon: <ApartmentOutlined />, visibleTo: 'everyone' },
];

export function navItemsFor(staff: StaffProfile | null): NavItem[] {
  return NAV_ITEMS.filter(
    (item) => item.visibleTo === 'everyone' || (staff !== null && staff.roles.some((role) => item.visibleTo.includes(role))),
  );
}
