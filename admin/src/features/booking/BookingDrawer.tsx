import { BOOKING_SOURCE_LABELS, type StaffBooking } from '@ygt/shared';
import { Alert, Button, Descriptions, Divider, Drawer, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useRequest } from '../../api/useRequest';
import { PaymentRecords } from '../payments/PaymentRecords';
import { getStaffBooking } from './api';
import { DeskActions } from './DeskActions';
import { dateTimeOf, dayLabel, yuan } from './format';
import { BookingStatusTag, DESK_STATUS_LABELS, feeState } from './labels';

const ACTOR_WORDS = { resident: '居民', staff: '工作人员', system: '系统' } as const;

interface Props {
  bookingId: string | null;
  /** Bumped by the page after any change, so an open drawer shows the fresh booking. */
  version: number;
  today: string;
  onClose: () => void;
  onChanged: () => void;
  onReject: (booking: StaffBooking) => void;
}

/** One booking in full: the patient, the visit, every status change with who and when, and its money. */
export function BookingDrawer({ bookingId, version, today, onClose, onChanged, onReject }: Props) {
  return (
    <Drawer open={bookingId !== null} onClose={onClose} width={560} title="预约详情" destroyOnHidden>
      <div data-testid="booking-drawer">
        {bookingId && <BookingDetail bookingId={bookingId} version={version} today={today} onChanged={onChanged} onReject={onReject} />}
      </div>
    </Drawer>
  );
}

function BookingDetail({ bookingId, version, today, onChanged, onReject }: Omit<Props, 'onClose' | 'bookingId'> & { bookingId: string }) {
  const detail = useRequest((signal) => getStaffBooking(bookingId, signal), [bookingId, version]);
  const b = detail.data;

  if (detail.error) {
    return (
      <Alert
        type="error"
        showIcon
        message="预约详情没有加载出来"
        description={detail.error}
        action={
          <Button size="small" onClick={detail.reload}>
            重试
          </Button>
        }
      />
    );
  }
  if (!b) {
    return (
      <Spin tip="正在加载…">
        <div style={{ height: 120 }} />
      </Spin>
    );
  }
  const fee = feeState(b);
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }} data-testid="booking-drawer-body" data-booking-id={b.id}>
      <Space align="center" size={10} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {b.patient.name}
        </Typography.Title>
        <Typography.Text>
          {b.patient.sex === 'male' ? '男' : '女'} · {b.patient.age}岁
        </Typography.Text>
        <BookingStatusTag status={b.status} />
      </Space>
      {b.statusReason && (
        <Typography.Text type="secondary" data-testid="booking-drawer-reason">
          原因：{b.statusReason}
        </Typography.Text>
      )}
      <div style={{ margin: '8px 0' }}>
        <DeskActions booking={b} today={today} onChanged={onChanged} onReject={onReject} testIdPrefix="booking-drawer" size="middle" />
      </div>

      <Descriptions size="small" column={1} styles={{ label: { width: 84 } }}>
        <Descriptions.Item label="身份证号">{b.patient.idNumber}</Descriptions.Item>
        <Descriptions.Item label="手机号">{b.patient.phone ?? <Typography.Text type="secondary">未登记</Typography.Text>}</Descriptions.Item>
        <Descriptions.Item label="就诊时间">
          {dayLabel(b.date, today)} {b.periodLabel} {b.startTime}-{b.endTime}
        </Descriptions.Item>
        <Descriptions.Item label="科室医生">
          {b.facility.name} · {b.department.name} · {b.doctor.name}（{b.doctor.titleLabel}）{b.isVisiting && <Tag color="purple" style={{ marginInlineStart: 6 }}>专家坐诊</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label="预约方式">{BOOKING_SOURCE_LABELS[b.source]}</Descriptions.Item>
        <Descriptions.Item label="挂号费">
          {yuan(b.feeFen)}
          <Typography.Text type={fee.tone} style={{ marginInlineStart: 8 }}>
            {fee.text}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="预约时间">{dateTimeOf(b.createdAt)}</Descriptions.Item>
      </Descriptions>

      <Divider orientation="left" plain style={{ margin: '12px 0' }}>
        状态记录
      </Divider>
      <Timeline
        data-testid="booking-history"
        items={b.events.map((e) => ({
          color: e.toStatus === 'rejected' || e.toStatus === 'cancelled' || e.toStatus === 'no_show' ? 'red' : e.toStatus === 'completed' ? 'green' : 'blue',
          children: (
            <div data-testid="booking-history-item">
              <Typography.Text strong>{e.fromStatus ? `${DESK_STATUS_LABELS[e.fromStatus]} → ${DESK_STATUS_LABELS[e.toStatus]}` : `提交预约（${DESK_STATUS_LABELS[e.toStatus]}）`}</Typography.Text>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dateTimeOf(e.at)} · {e.actorType === 'staff' ? e.actorName : e.actorName || ACTOR_WORDS[e.actorType]}
                  {e.actorType === 'system' && e.fromStatus === 'pending_payment' && e.toStatus === 'pending_confirmation' ? '（收到支付）' : ''}
                </Typography.Text>
              </div>
              {e.reason && <Typography.Text type="secondary">原因：{e.reason}</Typography.Text>}
            </div>
          ),
        }))}
      />

      <Divider orientation="left" plain style={{ margin: '0 0 12px' }}>
        支付与退款
      </Divider>
      <PaymentRecords payableType="booking" payableId={b.id} emptyText={b.feeFen === 0 ? '免挂号费，没有支付记录' : '没有线上支付记录（挂号费到院缴纳）'} key={version} />
    </Space>
  );
}
