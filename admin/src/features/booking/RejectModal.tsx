import type { StaffBooking } from '@ygt/shared';
import { Alert, App, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { rejectBooking } from './api';
import { yuan } from './format';
import { paidOnline } from './labels';

const COMMON_REASONS = ['医生临时有事，该时段无法接诊', '该科室不适合此病情，请改约其他科室', '同一患者重复预约', '就诊人信息有误，请核对后重新预约'];

/** What happens to the money when the desk rejects: said before the desk decides. */
function feeConsequence(b: StaffBooking): string | null {
  if (b.feeFen === 0) return null;
  if (paidOnline(b)) return `患者已在线支付挂号费 ${yuan(b.feeFen)}，拒绝后系统会自动原路全额退回，无需另外操作。`;
  return `挂号费 ${yuan(b.feeFen)} 还没有收取（到院缴费），不涉及退款。`;
}

/** 拒绝预约: a reason the patient will read (common ones one tap away), and what follows. */
export function RejectModal({ booking, onClose, onDone }: { booking: StaffBooking | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const close = () => {
    setReason('');
    setError(undefined);
    onClose();
  };

  const submit = async () => {
    if (!booking) return;
    const text = reason.trim();
    if (text.length < 2) {
      setError('请填写拒绝原因（至少2个字），患者会在通知里看到');
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await rejectBooking(booking.id, text);
      message.success(`已拒绝${booking.patient.name}的预约，已通知患者`);
      setReason('');
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        message.warning(err.message);
        setReason('');
        onDone();
        return;
      }
      setError(errorMessage(err).replace(/^参数 \S+ 不正确：/, ''));
    } finally {
      setSaving(false);
    }
  };

  const fee = booking ? feeConsequence(booking) : null;
  return (
    <Modal
      open={booking !== null}
      title={booking ? `拒绝 ${booking.patient.name} 的预约` : ''}
      okText="确认拒绝"
      cancelText="不拒绝了"
      okButtonProps={{ danger: true, 'data-testid': 'booking-reject-submit' }}
      confirmLoading={saving}
      onOk={submit}
      onCancel={close}
      destroyOnHidden
    >
      {booking && (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {booking.date} {booking.startTime}-{booking.endTime} · {booking.department.name} · {booking.doctor.name}
          </Typography.Text>
          <div>
            <Typography.Text strong>拒绝原因</Typography.Text>
            <Typography.Text type="secondary">（必填，会发给患者）</Typography.Text>
          </div>
          <Space size={[6, 6]} wrap>
            {COMMON_REASONS.map((r) => (
              <Tag.CheckableTag
                key={r}
                checked={reason === r}
                onChange={() => {
                  setReason(r);
                  setError(undefined);
                }}
                style={{ border: '1px solid #d9d9d9', padding: '2px 8px' }}
              >
                {r}
              </Tag.CheckableTag>
            ))}
          </Space>
          <Input.TextArea
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setError(undefined);
            }}
            placeholder="点上面的常用原因，或直接写明原因"
            maxLength={200}
            showCount
            autoSize={{ minRows: 2, maxRows: 4 }}
            status={error ? 'error' : undefined}
            style={{ marginBottom: 12 }}
            data-testid="booking-reject-reason"
          />
          {error && <Alert type="error" showIcon message={error} data-testid="booking-reject-error" />}
          <Alert
            type="warning"
            showIcon
            message="拒绝后"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                <li>这个号会马上释放，排队候补的患者会收到通知；</li>
                <li>患者会收到“预约未通过”的通知，里面写着您填的原因；</li>
                {fee && <li data-testid="booking-reject-fee">{fee}</li>}
                <li>拒绝后不能撤销，患者如需就诊要重新预约。</li>
              </ul>
            }
          />
        </Space>
      )}
    </Modal>
  );
}
