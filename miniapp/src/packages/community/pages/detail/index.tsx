import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  DOCTOR_TITLE_LABELS,
  FACILITY_LEVEL_LABELS,
  SESSION_PERIOD_LABELS,
  WEEKDAY_LABELS,
  type Department,
  type Doctor,
  type ExpertSession,
  type Facility,
} from '@ygt/shared';
import { useEffect } from 'react';
import { Button, Tag } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { getFacility, listDepartments, listDoctors, listExpertSessions } from '../../../../services/community';
import { useElderMode } from '../../../../stores/elder-mode';
import '../../community.scss';
import './index.scss';

interface FacilityDetail {
  facility: Facility;
  departments: Department[];
  doctors: Doctor[];
  sessions: ExpertSession[];
}

async function loadFacilityDetail(facilityId: string): Promise<FacilityDetail> {
  const [facility, departments, doctors, sessions] = await Promise.all([
    getFacility(facilityId),
    listDepartments(facilityId),
    listDoctors(facilityId),
    listExpertSessions(facilityId),
  ]);
  const periodOrder = Object.keys(SESSION_PERIOD_LABELS);
  sessions.sort((a, b) => a.weekday - b.weekday || periodOrder.indexOf(a.period) - periodOrder.indexOf(b.period));
  return { facility, departments, doctors, sessions };
}

export default function FacilityDetailPage() {
  const facilityId = useRouter().params.id ?? '';
  const [elder] = useElderMode();
  const [detail, reload] = useRemote(() => loadFacilityDetail(facilityId), [facilityId]);

  const title = detail.status === 'ready' ? detail.data.facility.shortName : undefined;
  useEffect(() => {
    if (title) void Taro.setNavigationBarTitle({ title });
  }, [title]);

  return (
    <Page className="facility-detail">
      <RemoteView state={detail} onRetry={reload}>
        {({ facility, departments, doctors, sessions }) => (
          <>
            <FacilityInfo facility={facility} elder={elder} />
            {facility.level !== 'county' && <ExpertSessions sessions={sessions} elder={elder} />}
            <Departments departments={departments} elder={elder} />
            <Doctors doctors={doctors} departments={departments} elder={elder} />
          </>
        )}
      </RemoteView>
    </Page>
  );
}

function FacilityInfo({ facility, elder }: { facility: Facility; elder: boolean }) {
  return (
    <View className="card facility-info">
      <View className="facility-info__head">
        <Text className="facility-info__name" data-testid="facility-detail-name">
          {facility.name}
        </Text>
        <Text className={`level-badge level-badge--${facility.level}`}>{FACILITY_LEVEL_LABELS[facility.level]}</Text>
      </View>
      {facility.township && <Text className="facility-info__line">乡镇：{facility.township}</Text>}
      <Text className="facility-info__line">地址：{facility.address}</Text>
      <Text className="facility-info__line">电话：{facility.phone}</Text>
      {!elder && facility.intro && <Text className="facility-info__intro">{facility.intro}</Text>}
      <Button
        className="facility-info__call"
        type="primary"
        fill="outline"
        size={elder ? 'large' : 'normal'}
        block={elder}
        data-testid="call-facility"
        onClick={() => Taro.makePhoneCall({ phoneNumber: facility.phone })}
      >
        打电话 {facility.phone}
      </Button>
    </View>
  );
}

function ExpertSessions({ sessions, elder }: { sessions: ExpertSession[]; elder: boolean }) {
  return (
    <>
      <Text className="section-title">专家坐诊（县医院专家每周来）</Text>
      {sessions.length === 0 ? (
        <View className="card section-empty">暂时没有县级专家来这里坐诊</View>
      ) : (
        sessions.map((session) => (
          <View key={session.id} className="card expert-session" data-testid="expert-session-item">
            <Text className="expert-session__when">
              {WEEKDAY_LABELS[session.weekday]} {SESSION_PERIOD_LABELS[session.period]}
            </Text>
            <View className="expert-session__who">
              <Text className="expert-session__doctor">
                {session.doctorName} {session.doctorTitleLabel}
              </Text>
              <Text className="expert-session__home">来自{session.homeFacilityName}</Text>
              {!elder && session.specialty && <Text className="expert-session__specialty">擅长：{session.specialty}</Text>}
            </View>
          </View>
        ))
      )}
    </>
  );
}

function Departments({ departments, elder }: { departments: Department[]; elder: boolean }) {
  return (
    <>
      <Text className="section-title">科室（{departments.length}个）</Text>
      {departments.length === 0 ? (
        <View className="card section-empty">还没有登记科室</View>
      ) : (
        <View className="card departments">
          {departments.map((department) => (
            <View key={department.id} className="department" data-testid="department-item">
              <Text className="department__name">{department.name}</Text>
              {!elder && department.intro && <Text className="department__intro">{department.intro}</Text>}
            </View>
          ))}
        </View>
      )}
    </>
  );
}

function Doctors({ doctors, departments, elder }: { doctors: Doctor[]; departments: Department[]; elder: boolean }) {
  const departmentName = new Map(departments.map((d) => [d.id, d.name]));
  return (
    <>
      <Text className="section-title">医生（{doctors.length}位）</Text>
      {doctors.length === 0 ? (
        <View className="card section-empty">还没有登记医生</View>
      ) : (
        doctors.map((doctor) => (
          <View key={doctor.id} className="card doctor" data-testid="doctor-item">
            <View className="doctor__head">
              <Text className="doctor__name">{doctor.name}</Text>
              <Text className="doctor__title">{DOCTOR_TITLE_LABELS[doctor.title] ?? doctor.titleLabel}</Text>
              {doctor.isCountyExpert && (
                <Tag className="doctor__expert" type="primary" plain>
                  县级专家
                </Tag>
              )}
            </View>
            <Text className="doctor__department">{departmentName.get(doctor.departmentId) ?? ''}</Text>
            {!elder && doctor.specialty && <Text className="doctor__specialty">擅长：{doctor.specialty}</Text>}
          </View>
        ))
      )}
    </>
  );
}
