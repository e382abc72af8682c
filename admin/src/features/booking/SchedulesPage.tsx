import { AppstoreAddOutlined, LeftOutlined, PlusOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { addDays, type ScheduleDetail, toEpochMs, weekOf } from '@ygt/shared';
import { Alert, Button, Card, Progress, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { type HTMLAttributes, useMemo, useState } from 'react';
import { useRequest } from '../../api/useRequest';
import { useSession } from '../auth/session';
import { listStaffSchedules } from './api';
import { BulkScheduleModal } from './BulkScheduleModal';
import { FacilitySelect, useDateParam, useDeskFacility } from './FacilityDatePicker';
import { dayLabel, todayInShanghai, yuan } from './format';
import { bookedOf, EditScheduleModal, perSegment, StopScheduleModal } from './ScheduleChangeModals';
import { ScheduleFormModal } from './ScheduleFormModal';
import { useStaffing } from './staffing';

/** A row of the week: a schedule, or a day without any (so every day of the week shows). */
interface Row {
  key: string;
  date: string;
  schedule: ScheduleDetail | null;
  /** Rows of the same date after the first span 0 in the date column. */
  dateSpan: number;
}

const PERIOD_ORDER = { am: 0, pm: 1, evening: 2 } as const;

/** 排班管理: a facility's week of schedules; create one, create by week template, edit, stop. */
export function SchedulesPage() {
  const { staff } = useSession();
  const [facilityId, setFacilityId] = useDeskFacility();
  const today = todayInShanghai();
  const [weekDate, setWeekDate] = useDateParam('week', weekOf(today).monday);
  const monday = weekOf(weekDate).monday;
  const sunday = addDays(monday, 6);
  const [creating, setCreating] = useState(false);
  const [bulk, setBulk] = useState(false);
  const [editing, setEditing] = useState<ScheduleDetail | null>(null);
  const [stopping, setStopping] = useState<ScheduleDetail | null>(null);

  const schedules = useRequest((signal) => (facilityId ? listStaffSchedules(facilityId, monday, sunday, signal) : Promise.resolve([])), [facilityId, monday]);
  const staffing = useStaffing(facilityId);
  const facilityName = staff?.facilities.find((f) => f.id === facilityId)?.name ?? '';
  const rows = useMemo(() => weekRows(monday, schedules.data ?? []), [monday, schedules.data]);

  const columns: TableColumnsType<Row> = [
    {
      title: '日期',
      key: 'date',
      width: 130,
      onCell: (r) => ({ rowSpan: r.dateSpan, style: { verticalAlign: 'top', background: r.date === today ? '#e7f2f1' : '#fbfdfd' } }),
      render: (_, r) => (
        <Typography.Text strong={r.date === today} type={r.date < today ? 'secondary' : undefined}>
          {dayLabel(r.date, today)}
        </Typography.Text>
      ),
    },
    {
      title: '时段',
      key: 'period',
      width: 100,
      onCell: (r) => (r.schedule ? {} : { colSpan: 9 }),
      render: (_, { schedule: s, date }) =>
        s ? (
          <Space direction="vertical" size={0}>
            <Typography.Text strong>{s.periodLabel}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.startTime}-{s.endTime}
            </Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">{date < today ? '没有排班' : '还没有排班'}</Typography.Text>
        ),
    },
    ...dataColumns(),
    {
      title: '操作',
      key: 'actions',
      width: 120,
      onCell: (r) => (r.schedule ? {} : { colSpan: 0 }),
      render: (_, { schedule: s }) =>
        s && s.status === 'open' && !ended(s) ? (
          <Space size={4}>
            <Button size="small" onClick={() => setEditing(s)} data-testid="schedule-edit">
              修改
            </Button>
            <Button size="small" danger onClick={() => setStopping(s)} data-testid="schedule-stop">
              停诊
            </Button>
          </Space>
        ) : null,
    },
  ];

  const changed = () => schedules.reload();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="end" wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            排班管理
          </Typography.Title>
          <Typography.Text type="secondary">按周查看本机构的出诊排班。排班后居民即可在小程序上预约；停诊会取消已有预约并通知患者。</Typography.Text>
        </div>
        <Space wrap>
          <Button icon={<AppstoreAddOutlined />} onClick={() => setBulk(true)} disabled={!facilityId} data-testid="schedule-bulk">
            按周模板批量排班
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!facilityId} data-testid="schedule-create">
            新建排班
          </Button>
        </Space>
      </Space>

      <Card size="small">
        <Space wrap size={[16, 10]} style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap size={[12, 10]}>
            <FacilitySelect value={facilityId} onChange={setFacilityId} />
            <Space.Compact>
              <Button icon={<LeftOutlined />} onClick={() => setWeekDate(addDays(monday, -7))} data-testid="schedule-week-prev">
                上一周
              </Button>
              <Button onClick={() => setWeekDate(weekOf(today).monday)} type={monday === weekOf(today).monday ? 'primary' : 'default'} ghost={monday === weekOf(today).monday}>
                本周
              </Button>
              <Button onClick={() => setWeekDate(addDays(monday, 7))} data-testid="schedule-week-next">
                下一周 <RightOutlined />
              </Button>
            </Space.Compact>
            <Typography.Text strong data-testid="schedule-week">
              {monday.slice(5).replace('-', '月')}日（周一）至 {sunday.slice(5).replace('-', '月')}日（周日）
            </Typography.Text>
          </Space>
          <Button icon={<ReloadOutlined />} onClick={changed}>
            刷新
          </Button>
        </Space>
      </Card>

      {staffing.error && <Alert type="warning" showIcon message={`医生和科室没有加载出来，暂时不能新建排班：${staffing.error}`} action={<Button size="small" onClick={staffing.reload}>重试</Button>} />}

      {schedules.error ? (
        <Alert
          type="error"
          showIcon
          message="排班没有加载出来"
          description={schedules.error}
          action={
            <Button size="small" onClick={schedules.reload}>
              重试
            </Button>
          }
        />
      ) : (
        <Table<Row>
          rowKey="key"
          size="middle"
          bordered
          pagination={false}
          loading={schedules.loading}
          columns={columns}
          dataSource={rows}
          data-testid="schedule-table"
          onRow={(r) =>
            r.schedule
              ? ({ 'data-testid': 'schedule-row', 'data-schedule-id': r.schedule.id, 'data-status': r.schedule.status } as HTMLAttributes<HTMLElement>)
              : ({ 'data-testid': 'schedule-empty-day' } as HTMLAttributes<HTMLElement>)
          }
        />
      )}

      {facilityId && (
        <>
          <ScheduleFormModal
            open={creating}
            facilityId={facilityId}
            facilityName={facilityName}
            staffing={staffing.data}
            defaultDate={monday > today ? monday : addDays(today, 1)}
            onClose={() => setCreating(false)}
            onCreated={() => {
              setCreating(false);
              changed();
            }}
          />
          <BulkScheduleModal open={bulk} facilityId={facilityId} facilityName={facilityName} staffing={staffing.data} onClose={() => setBulk(false)} onCreated={changed} />
        </>
      )}
      <EditScheduleModal
        schedule={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          changed();
        }}
      />
      <StopScheduleModal
        schedule={stopping}
        onClose={() => setStopping(null)}
        onStopped={() => {
          setStopping(null);
          changed();
        }}
      />
    </Space>
  );
}

/** The columns that describe a schedule; a day without schedules hides them (the 时段 cell spans them). */
function dataColumns(): TableColumnsType<Row> {
  const hidden = (r: Row) => (r.schedule ? {} : { colSpan: 0 });
  return [
    { title: '科室', key: 'department', width: 110, onCell: hidden, render: (_, { schedule: s }) => s?.department.name },
    {
      title: '医生',
      key: 'doctor',
      onCell: hidden,
      render: (_, { schedule: s }) =>
        s && (
          <Space direction="vertical" size={0}>
            <Space size={4} wrap>
              <Typography.Text strong>{s.doctor.name}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {s.doctor.titleLabel}
              </Typography.Text>
            </Space>
            {s.isVisiting && (
              <Tooltip title={`县级专家下乡坐诊，来自${s.doctor.homeFacilityName}`}>
                <Tag color="purple" bordered={false} style={{ marginInlineEnd: 0 }} data-testid="schedule-visiting">
                  专家坐诊
                </Tag>
              </Tooltip>
            )}
          </Space>
        ),
    },
    {
      title: '号源',
      key: 'capacity',
      width: 150,
      onCell: hidden,
      render: (_, { schedule: s }) =>
        s && (
          <Space direction="vertical" size={0}>
            <span>
              每段{perSegment(s).capacity}个，共{s.capacity}个
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.slots.length}段，每段{s.segmentMinutes}分钟
            </Typography.Text>
          </Space>
        ),
    },
    {
      title: '已约',
      key: 'booked',
      width: 110,
      onCell: hidden,
      render: (_, { schedule: s }) => {
        if (!s) return null;
        const { booked } = bookedOf(s);
        return (
          <Space direction="vertical" size={0} style={{ width: '100%' }} data-testid="schedule-booked">
            <Typography.Text>
              {booked} / {s.capacity}
              {s.waitlist.waiting > 0 && <Typography.Text type="warning">（候补{s.waitlist.waiting}人）</Typography.Text>}
            </Typography.Text>
            <Progress percent={s.capacity ? Math.round((booked / s.capacity) * 100) : 0} size="small" showInfo={false} />
          </Space>
        );
      },
    },
    {
      title: '转诊预留',
      key: 'reserve',
      width: 90,
      onCell: hidden,
      render: (_, { schedule: s }) => {
        if (!s) return null;
        const { reserved } = perSegment(s);
        const { referral } = bookedOf(s);
        if (reserved === 0) return <Typography.Text type="secondary">无</Typography.Text>;
        return (
          <Space direction="vertical" size={0}>
            <span>每段{reserved}个</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              已用{referral}个
            </Typography.Text>
          </Space>
        );
      },
    },
    { title: '挂号费', key: 'fee', width: 70, onCell: hidden, render: (_, { schedule: s }) => s && (s.feeFen === 0 ? '免费' : yuan(s.feeFen)) },
    {
      title: '状态',
      key: 'status',
      width: 90,
      onCell: hidden,
      render: (_, { schedule: s }) => {
        if (!s) return null;
        if (s.status === 'stopped') {
          return (
            <Space direction="vertical" size={0}>
              <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="schedule-status">
                已停诊
              </Tag>
              {s.stopReason && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {s.stopReason}
                </Typography.Text>
              )}
            </Space>
          );
        }
        if (ended(s)) return <Tag data-testid="schedule-status">已结束</Tag>;
        const now = Date.now() >= toEpochMs(s.date, s.startTime);
        return (
          <Tag color={now ? 'cyan' : 'green'} style={{ marginInlineEnd: 0 }} data-testid="schedule-status">
            {now ? '出诊中' : '正常出诊'}
          </Tag>
        );
      },
    },
  ];
}

/** The session is over: nothing left to edit or stop. */
function ended(s: ScheduleDetail): boolean {
  return Date.now() >= toEpochMs(s.date, s.endTime);
}

function weekRows(monday: string, schedules: ScheduleDetail[]): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(monday, i);
    const ofDay = schedules
      .filter((s) => s.date === date)
      .sort((a, b) => PERIOD_ORDER[a.period] - PERIOD_ORDER[b.period] || a.department.name.localeCompare(b.department.name, 'zh') || a.doctor.name.localeCompare(b.doctor.name, 'zh'));
    if (ofDay.length === 0) rows.push({ key: `empty-${date}`, date, schedule: null, dateSpan: 1 });
    ofDay.forEach((s, j) => rows.push({ key: s.id, date, schedule: s, dateSpan: j === 0 ? ofDay.length : 0 }));
  }
  return rows;
}
