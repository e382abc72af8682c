import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Department, Facility, Schedule } from '@ygt/shared';
import { useEffect } from 'react';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { searchSchedules } from '../../../../services/booking';
import { getFacility, listDepartments } from '../../../../services/community';
import { useElderMode } from '../../../../stores/elder-mode';
import { BOOKING_PAGES, go, isOver, pageUrl, useQuery } from '../../booking';
import '../../booking.scss';

interface FacilityView {
  facility: Facility;
  departments: { department: Department; schedules: number; remaining: number }[];
}

async function loadFacility(facilityId: string): Promise<FacilityView> {
  const [facility, departments, schedules] = await Promise.all([getFacility(facilityId), listDepartments(facilityId), searchSchedules({ facilityId })]);
  const byDepartment = (id: string) => schedules.filter((s: Schedule) => s.department.id === id && s.status === 'open' && !isOver(s));
  const rows = departments.map((department) => {
    const own = byDepartment(department.id);
    return { department, schedules: own.length, remaining: own.reduce((n, s) => n + (s.bookingOpen ? s.remaining : 0), 0) };
  });
  // Departments that see patients this week first.
  rows.sort((a, b) => Number(b.schedules > 0) - Number(a.schedules > 0));
  return { facility, departments: rows };
}

export default function BookingDepartmentsPage() {
  const [elder] = useElderMode();
  const { facilityId = '' } = useQuery();
  const [view, reload] = useRemote(() => loadFacility(facilityId), [facilityId]);

  // Fewer steps: with one department to choose (a village clinic), or for elders one that sees patients, choose it.
  useEffect(() => {
    if (view.status !== 'ready') return;
    const open = view.data.departments.filter((d) => d.schedules > 0);
    const only = view.data.departments.length === 1 ? view.data.departments[0] : elder && open.length === 1 ? open[0] : undefined;
    if (only) void Taro.redirectTo({ url: pageUrl(BOOKING_PAGES.schedules, { facilityId, departmentId: only.department.id }) });
  }, [view.status]);

  return (
    <Page className="bk-departments">
      <RemoteView state={view} onRetry={reload}>
        {({ facility, departments }) => (
          <View>
            <View className="card">
              <Text className="bk-item__title" data-testid="booking-facility-title">
                {facility.name}
              </Text>
              <Text className="bk-item__line">地址：{facility.address}</Text>
              <Text className="bk-item__line">电话：{facility.phone}</Text>
            </View>
            <Text className="section-title">选科室</Text>
            {departments.map(({ department, schedules, remaining }) => (
              <View
                key={department.id}
                className="card bk-item"
                data-testid="booking-department"
                data-department-id={department.id}
                hoverClass="bk-item--pressed"
                onClick={() => go(BOOKING_PAGES.schedules, { facilityId, departmentId: department.id })}
              >
                <View className="bk-item__head">
                  <Text className="bk-item__title">{department.name}</Text>
                  <Text className={`bk-places bk-places--${schedules === 0 ? 'off' : remaining > 0 ? 'ok' : 'bad'}`}>
                    {schedules === 0 ? '近7天无出诊' : remaining > 0 ? `有号 ${remaining}个` : '已约满'}
                  </Text>
                </View>
                {!elder && department.intro && <Text className="bk-item__line">{department.intro}</Text>}
              </View>
            ))}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
