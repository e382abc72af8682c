import { Alert, Button, Descriptions, Drawer, Space, Spin, Tag, Typography } from 'antd';
import { useRequest } from '../../api/useRequest';
import { dateTimeOf, dayLabel } from '../booking/format';
import { BookingStatusTag } from '../booking/labels';
import { getReferral } from './api';
import { REFERRAL_STATUS_COLORS } from './labels';

/** One referral in full: both ends, the clinical summary, the decision, the booking, the plan. */
export function ReferralDrawer({ referralId, version, onClose }: { referralId: string | null; version: number; onClose: () => void }) {
  return (
    <Drawer open={referralId !== null} onClose={onClose} width={600} title="转诊详情" destroyOnHidden>
      <div data-testid="referral-drawer">{referralId && <ReferralDetail referralId={referralId} version={version} />}</div>
    </Drawer>
  );
}

function ReferralDetail({ referralId, version }: { referralId: string; version: number }) {
  const detail = useRequest((signal) => getReferral(referralId, signal), [referralId, version]);
  const r = detail.data;
  if (detail.error) {
    return (
      <Alert
        type="error"
        showIcon
        message="转诊详情没有加载出来"
        description={detail.error}
        action={
          <Button size="small" onClick={detail.reload}>
            重试
          </Button>
        }
      />
    );
  }
  if (!r) {
    return (
      <Spin tip="正在加载…">
        <div style={{ height: 120 }} />
      </Spin>
    );
  }
  const pre = { whiteSpace: 'pre-wrap' as const };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space size={10} align="center" wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {r.patient.name}
        </Typography.Title>
        <Tag color={r.direction === 'up' ? 'geekblue' : 'cyan'}>{r.directionLabel}</Tag>
        <Tag color={REFERRAL_STATUS_COLORS[r.status]}>{r.statusLabel}</Tag>
      </Space>
      <Descriptions size="small" column={1} bordered styles={{ label: { width: 100 } }}>
        <Descriptions.Item label="转出">
          {r.from.facility.name} · {r.from.staffName}
        </Descriptions.Item>
        <Descriptions.Item label="转入">
          {r.to.facility.name}
          {r.to.department ? ` · ${r.to.department.name}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="开具时间">{dateTimeOf(r.createdAt)}</Descriptions.Item>
        <Descriptions.Item label="转诊原因">{r.reason}</Descriptions.Item>
        <Descriptions.Item label={r.direction === 'up' ? '病情摘要' : '诊疗小结'}>
          <span style={pre}>{r.summary}</span>
        </Descriptions.Item>
        {r.followUpPlan && (
          <Descriptions.Item label="随访计划">
            <span style={pre}>{r.followUpPlan}</span>
          </Descriptions.Item>
        )}
        {r.resultIds.length > 0 && <Descriptions.Item label="检查检验">附 {r.resultIds.length} 份结果，可在患者的检查检验记录中查看</Descriptions.Item>}
        {r.decidedAt && (
          <Descriptions.Item label={r.status === 'declined' ? '拒收' : '接收'}>
            {r.decidedBy ?? '工作人员'} 于 {dateTimeOf(r.decidedAt)}
            {r.declineReason ? `：${r.declineReason}` : ''}
          </Descriptions.Item>
        )}
        {r.booking && (
          <Descriptions.Item label="就诊预约">
            <Space size={8} wrap>
              <span>
                {dayLabel(r.booking.date)} {r.booking.periodLabel} {r.booking.startTime}-{r.booking.endTime} · {r.booking.doctor.name}
              </span>
              <BookingStatusTag status={r.booking.status} />
            </Space>
          </Descriptions.Item>
        )}
        {r.returnReferralId && <Descriptions.Item label="下转">已诊治并转回基层，见“本机构转出”或基层的“转入本机构”</Descriptions.Item>}
        {r.parentReferralId && <Descriptions.Item label="来源">由此前的上转诊治后转回</Descriptions.Item>}
      </Descriptions>
    </Space>
  );
}
