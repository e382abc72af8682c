import {
  SESSION_PERIOD_LABELS,
  WEEKDAY_LABELS,
  type Department,
  type Doctor,
  type ExpertSession,
  type Facility,
  type SessionPeriod,
} from '@ygt/shared';
import { Alert, Button, Descriptions, Drawer, Empty, Skeleton, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { useRequest, type RequestState } from '../../api/useRequest';
import { getFacility, listDepartments, listDoctors, listExpertSessions } from './api';
import { BookingRulesSection } from './BookingRulesSection';
import { FacilityLevelTag, townshipText } from './labels';

interface FacilityDrawerProps {
  /** The facility to show; undefined closes the drawer. */
  facilityId: string | undefined;
  facilitiesById: ReadonlyMap<string, Facility>;
  onClose: () => void;
}

export function FacilityDrawer({ facilityId, facilitiesById, onClose }: FacilityDrawerProps) {
  // Keep showing the last facility while the drawer slides shut.
  const [shownId, setShownId] = useState(facilityId);
  if (facilityId && facilityId !== shownId) setShownId(facilityId);

  const known = shownId ? facilitiesById.get(shownId) : undefined;
  const detail = useRequest((signal) => (shownId ? getFacility(shownId, signal) : Promise.resolve(undefined)), [shownId]);
  const facility = detail.data ?? known;

  return (
    <Drawer
      data-testid="facility-drawer"
      open={facilityId !== undefined}
      onClose={onClose}
      width="min(720px, 100vw)"
      title={
        facility ? (
          <Space>
            {facility.name}
            <FacilityLevelTag level={facility.level} />
          </Space>
        ) : (
          '机构详情'
        )
      }
    >
      {shownId &&
        (facility ? (
          <FacilityDetails key={shownId} facility={facility} parent={facility.parentId ? facilitiesById.get(facility.parentId) : undefined} />
        ) : detail.error ? (
          <Alert type="error" showIcon message="机构信息加载失败" description={detail.error} />
        ) : (
          <Skeleton active />
        ))}
    </Drawer>
  );
}

function FacilityDetails({ facility, parent }: { facility: Facility; parent: Facility | undefined }) {
  const departments = useRequest((signal) => listDepartments(facility.id, signal), [facility.id]);
  const doctors = useRequest((signal) => listDoctors(facility.id, signal), [facility.id]);
  const sessions = useRequest((signal) => listExpertSessions(facility.id, signal), [facility.id]);
  const departmentNames = new Map((departments.data ?? []).map((d) => [d.id, d.name]));

  return (
    <Space direction="vertical" size={28} style={{ width: '100%' }}>
      <Descriptions column={1} size="small" styles={{ label: { width: 96 } }}>
        <Descriptions.Item label="所属乡镇">{townshipText(facility.township)}</Descriptions.Item>
        {parent && <Descriptions.Item label="上级机构">{parent.name}</Descriptions.Item>}
        <Descriptions.Item label="地址">{facility.address}</Descriptions.Item>
        <Descriptions.Item label="电话">{facility.phone}</Descriptions.Item>
        {facility.intro && <Descriptions.Item label="简介">{facility.intro}</Descriptions.Item>}
      </Descriptions>

      <Section title="科室" state={departments} empty="该机构暂未登记科室">
        {(items) => <DepartmentTags departments={items} />}
      </Section>

      <Section title="县级专家坐诊（每周）" state={sessions} empty={noSessionsText(facility)}>
        {(items) => <ExpertSessionTable sessions={items} />}
      </Section>

      <Section title="医生" state={doctors} empty="该机构暂未登记医生">
        {(items) => <DoctorTable doctors={items} departmentNames={departmentNames} />}
      </Section>

      <BookingRulesSection facility={facility} />
    </Space>
  );
}

function Section<T>(props: { title: string; state: RequestState<T[]>; empty: string; children: (items: T[]) => ReactNode }) {
  const { title, state, empty, children } = props;
  let body: ReactNode;
  if (state.error) {
    body = (
      <Alert
        type="error"
        showIcon
        message={`${title}加载失败：${state.error}`}
        action={
          <Button size="small" onClick={state.reload}>
            重试
          </Button>
        }
      />
    );
  } else if (state.loading || !state.data) {
    body = <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  } else if (state.data.length === 0) {
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} style={{ margin: '8px 0' }} />;
  } else {
    body = children(state.data);
  }
  return (
    <section>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {title}
        {state.data && state.data.length > 0 && (
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginLeft: 8 }}>
            {state.data.length}
          </Typography.Text>
        )}
      </Typography.Title>
      {body}
    </section>
  );
}

function DepartmentTags({ departments }: { departments: Department[] }) {
  return (
    <Space size={[8, 8]} wrap>
      {departments.map((d) => (
        <Tag key={d.id} title={d.intro || undefined} style={{ fontSize: 14, padding: '2px 10px', margin: 0 }}>
          {d.name}
        </Tag>
      ))}
    </Space>
  );
}

function noSessionsText(facility: Facility): string {
  // County experts work at the county hospitals and visit the townships, so a county hospital lists none.
  return facility.level === 'county' ? '本院专家下乡坐诊的安排，请在各乡镇卫生院查看' : '暂无县级专家到本机构坐诊';
}

const PERIOD_ORDER: SessionPeriod[] = ['am', 'pm', 'evening'];

const sessionColumns: TableColumnsType<ExpertSession> = [
  {
    title: '坐诊时间',
    key: 'when',
    width: 120,
    render: (_, s) => `${WEEKDAY_LABELS[s.weekday]} ${SESSION_PERIOD_LABELS[s.period]}`,
  },
  {
    title: '专家',
    key: 'doctor',
    render: (_, s) => (
      <Space size={6}>
        {s.doctorName}
        <Typography.Text type="secondary">{s.doctorTitleLabel}</Typography.Text>
      </Space>
    ),
  },
  { title: '专长', dataIndex: 'specialty' },
  { title: '派出医院', dataIndex: 'homeFacilityName' },
];

function ExpertSessionTable({ sessions }: { sessions: ExpertSession[] }) {
  const sorted = [...sessions].sort(
    (a, b) => a.weekday - b.weekday || PERIOD_ORDER.indexOf(a.period) - PERIOD_ORDER.indexOf(b.period),
  );
  return <Table<ExpertSession> rowKey="id" size="small" columns={sessionColumns} dataSource={sorted} pagination={false} />;
}

function DoctorTable({ doctors, departmentNames }: { doctors: Doctor[]; departmentNames: Map<string, string> }) {
  const columns: TableColumnsType<Doctor> = [
    {
      title: '姓名',
      dataIndex: 'name',
      render: (name: string, d) => (
        <Space size={6}>
          {name}
          {d.isCountyExpert && (
            <Tag color="orange" bordered={false}>
              县级专家
            </Tag>
          )}
        </Space>
      ),
    },
    { title: '职称', dataIndex: 'titleLabel', width: 110 },
    { title: '科室', dataIndex: 'departmentId', render: (id: string) => departmentNames.get(id) ?? '—' },
    { title: '专长', dataIndex: 'specialty' },
  ];
  return (
    <Table<Doctor>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={doctors}
      pagination={doctors.length > 10 ? { pageSize: 10, size: 'small', showTotal: (total) => `共 ${total} 位医生` } : false}
    />
  );
}
