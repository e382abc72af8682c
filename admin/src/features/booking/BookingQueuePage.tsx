import { ReloadOutlined } from '@ant-design/icons';
import type { BookingStatus, StaffBooking } from '@ygt/shared';
import { Alert, Button, Card, Empty, Select, Space, Spin, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { type HTMLAttributes, useEffect, useMemo, useState } from 'react';
import { useRequest } from '../../api/useRequest';
import { listBookingQueue } from './api';
import { BookingDrawer } from './BookingDrawer';
import { DeskActions } from './DeskActions';
import { DayPicker, FacilitySelect, useDateParam, useDeskFacility } from './FacilityDatePicker';
import { clockWithSeconds, dayLabel, todayInShanghai } from './format';
import { BookingStatusTag, DESK_STATUS_LABELS, FeeCell, SourceTag, STATUS_ORDER } from './labels';
import { RejectModal } from './RejectModal';

const REFRESH_MS = 30_000;
const PERIOD_ORDER = { am: 0, pm: 1, evening: 2 } as const;

/** 预约队列: a facility's bookings of one day, by time segment, with the desk's actions. */
export function BookingQueuePage() {
  const [facilityId, setFacilityId] = useDeskFacility();
  const [date, setDate] = useDateParam('date');
  const [status, setStatus] = useState<BookingStatus | 'all'>('all');
  const [departmentId, setDepartmentId] = useState<string>('all');
  const [autoRefresh, setAutoRefresh] = useState(true);
  const [openId, setOpenId] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<StaffBooking | null>(null);
  const [version, setVersion] = useState(0);
  const [updatedAt, setUpdatedAt] = useState<number>();
  const today = todayInShanghai();

  const queue = useRequest((signal) => (facilityId ? listBookingQueue(facilityId, date, signal) : Promise.resolve([])), [facilityId, date]);
  useEffect(() => {
    if (queue.data) setUpdatedAt(Date.now());
  }, [queue.data]);

  // Residents book and pay all day: refresh while the page is in view and nobody is typing a reason.
  const paused = !autoRefresh || rejecting !== null;
  useEffect(() => {
    if (paused) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') queue.reload();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [paused, queue.reload]);

  const all = queue.data ?? [];
  const counts = useMemo(() => countBy(all, (b) => b.status), [all]);
  const departments = useMemo(() => [...new Map(all.map((b) => [b.department.id, b.department.name])).entries()], [all]);
  const rows = useMemo(
    () => sortBySegment(all.filter((b) => (status === 'all' || b.status === status) && (departmentId === 'all' || b.department.id === departmentId))),
    [all, status, departmentId],
  );
  const spans = useMemo(() => segmentSpans(rows), [rows]);

  const changed = () => {
    queue.reload();
    setVersion((v) => v + 1);
  };

  const columns: TableColumnsType<StaffBooking> = [
    {
      title: '时段',
      key: 'segment',
      width: 118,
      onCell: (b) => ({ rowSpan: spans.get(b.id) ?? 1, style: { verticalAlign: 'top', background: '#fbfdfd' } }),
      render: (_, b) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong style={{ fontSize: 15 }}>
            {b.startTime}-{b.endTime}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {b.periodLabel}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '患者',
      key: 'patient',
      render: (_, b) => (
        <Space direction="vertical" size={0}>
          <Space size={6}>
            <Typography.Link strong style={{ fontSize: 15 }} onClick={() => setOpenId(b.id)} data-testid="booking-patient">
              {b.patient.name}
            </Typography.Link>
            <SourceTag booking={b} />
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {b.patient.sex === 'male' ? '男' : '女'} · {b.patient.age}岁{b.patient.phone ? ` · ${b.patient.phone}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '科室', key: 'department', render: (_, b) => b.department.name },
    {
      title: '医生',
      key: 'doctor',
      render: (_, b) => (
        <Space size={4} wrap>
          <span>{b.doctor.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {b.doctor.titleLabel}
          </Typography.Text>
          {b.isVisiting && (
            <Tag color="purple" bordered={false} style={{ marginInlineEnd: 0 }}>
              专家坐诊
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: '状态',
      key: 'status',
      width: 130,
      render: (_, b) => (
        <Space direction="vertical" size={2}>
          <BookingStatusTag status={b.status} />
          {b.statusReason && (
            <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 112 }} ellipsis={{ tooltip: b.statusReason }}>
              {b.statusReason}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: '挂号费', key: 'fee', width: 150, render: (_, b) => <FeeCell booking={b} /> },
    {
      title: '操作',
      key: 'actions',
      width: 230,
      render: (_, b) => (
        <Space size={6} wrap>
          <DeskActions booking={b} today={today} onChanged={changed} onReject={setRejecting} testIdPrefix="booking" />
          <Button size="small" type="link" onClick={() => setOpenId(b.id)} data-testid="booking-detail">
            详情
          </Button>
        </Space>
      ),
    },
  ];

  const pending = counts.get('pending_confirmation') ?? 0;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          预约队列
        </Typography.Title>
        <Typography.Text type="secondary">居民在小程序上预约后会出现在这里。核对后点“确认”；患者到了点“签到”，看完病点“完成”。</Typography.Text>
      </div>

      <Card size="small">
        <Space wrap size={[16, 10]} style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap size={[12, 10]}>
            <FacilitySelect value={facilityId} onChange={setFacilityId} />
            <DayPicker value={date} onChange={setDate} testId="queue-date" />
            <Select
              style={{ width: 150 }}
              value={status}
              onChange={setStatus}
              data-testid="queue-status"
              options={[
                { value: 'all', label: `全部状态（${all.length}）` },
                ...STATUS_ORDER.map((s) => ({ value: s, label: `${DESK_STATUS_LABELS[s]}（${counts.get(s) ?? 0}）` })),
              ]}
            />
            {departments.length > 1 && (
              <Select
                style={{ width: 160 }}
                value={departmentId}
                onChange={setDepartmentId}
                data-testid="queue-department"
                options={[{ value: 'all', label: '全部科室' }, ...departments.map(([id, name]) => ({ value: id, label: name }))]}
              />
            )}
          </Space>
          <Space size={10}>
            <Space size={6}>
              <Switch size="small" checked={autoRefresh} onChange={setAutoRefresh} data-testid="queue-auto-refresh" />
              <Typography.Text type="secondary">每30秒自动刷新</Typography.Text>
            </Space>
            <Button icon={<ReloadOutlined />} loading={queue.loading && queue.data !== undefined} onClick={queue.reload} data-testid="queue-refresh">
              刷新
            </Button>
          </Space>
        </Space>
      </Card>

      <Space size={12} wrap>
        <Typography.Text strong style={{ fontSize: 16 }} data-testid="queue-day">
          {dayLabel(date, today)}
        </Typography.Text>
        {updatedAt && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            更新于 {clockWithSeconds(updatedAt)}
          </Typography.Text>
        )}
      </Space>

      {pending > 0 && status !== 'pending_confirmation' && (
        <Alert
          type="warning"
          showIcon
          message={`有 ${pending} 个预约等待确认`}
          action={
            <Button size="small" onClick={() => setStatus('pending_confirmation')} data-testid="queue-show-pending">
              只看待确认
            </Button>
          }
          data-testid="queue-pending-alert"
        />
      )}

      {queue.error ? (
        <Alert
          type="error"
          showIcon
          message="预约队列没有加载出来"
          description={queue.error}
          action={
            <Button size="small" onClick={queue.reload}>
              重试
            </Button>
          }
        />
      ) : queue.loading && !queue.data ? (
        <Card>
          <Spin tip="正在加载…">
            <div style={{ height: 80 }} />
          </Spin>
        </Card>
      ) : rows.length === 0 ? (
        <Card>
          <Empty
            data-testid="queue-empty"
            description={all.length === 0 ? `${dayLabel(date, today)}还没有预约` : `没有“${status === 'all' ? '该科室' : DESK_STATUS_LABELS[status]}”的预约`}
          >
            {all.length > 0 && (
              <Button
                onClick={() => {
                  setStatus('all');
                  setDepartmentId('all');
                }}
              >
                显示全部
              </Button>
            )}
          </Empty>
        </Card>
      ) : (
        <Table
          rowKey="id"
          size="middle"
          bordered
          pagination={false}
          columns={columns}
          dataSource={rows}
          data-testid="booking-queue"
          onRow={(b) => ({ 'data-testid': 'booking-queue-row', 'data-booking-id': b.id, 'data-status': b.status }) as HTMLAttributes<HTMLElement>}
        />
      )}

      <BookingDrawer bookingId={openId} version={version} today={today} onClose={() => setOpenId(null)} onChanged={changed} onReject={setRejecting} />
      <RejectModal
        booking={rejecting}
        onClose={() => setRejecting(null)}
        onDone={() => {
          setRejecting(null);
          changed();
        }}
      />
    </Space>
  );
}

function countBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function segmentKey(b: StaffBooking): string {
  return `${PERIOD_ORDER[b.period]}|${b.startTime}|${b.endTime}`;
}

function sortBySegment(rows: StaffBooking[]): StaffBooking[] {
  return [...rows].sort(
    (a, b) =>
      segmentKey(a).localeCompare(segmentKey(b)) ||
      a.department.name.localeCompare(b.department.name, 'zh') ||
      a.doctor.name.localeCompare(b.doctor.name, 'zh') ||
      a.createdAt - b.createdAt,
  );
}

/** Row spans of the 时段 column: the first booking of a segment spans its group, the others 0. */
function segmentSpans(rows: StaffBooking[]): Map<string, number> {
  const spans = new Map<string, number>();
  let i = 0;
  while (i < rows.length) {
    let j = i;
    while (j < rows.length && segmentKey(rows[j]) === segmentKey(rows[i])) j++;
    spans.set(rows[i].id, j - i);
    for (let k = i + 1; k < j; k++) spans.set(rows[k].id, 0);
    i = j;
  }
  return spans;
}
