import type { ScheduleDetail } from '@ygt/shared';
import { Alert, App, Col, Form, Input, InputNumber, Modal, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { showFieldError, useFieldsFor } from '../../app/forms';
import { type SchedulePatch, stopSchedule, updateSchedule } from './api';
import { yuanInputToFen } from './format';

/** Places taken over all segments, and how many of them came by referral. */
export function bookedOf(s: ScheduleDetail): { booked: number; referral: number } {
  return s.slots.reduce((acc, slot) => ({ booked: acc.booked + slot.booked, referral: acc.referral + slot.referralBooked }), { booked: 0, referral: 0 });
}

/** Per-segment numbers: every segment of a schedule is made alike (the API resizes them together). */
export function perSegment(s: ScheduleDetail): { capacity: number; reserved: number } {
  return { capacity: s.slots[0]?.capacity ?? 0, reserved: s.slots[0]?.referralReserved ?? 0 };
}

function scheduleTitle(s: ScheduleDetail): string {
  return `${s.date} ${s.weekdayLabel} ${s.periodLabel} · ${s.department.name} · ${s.doctor.name}`;
}

interface EditValues {
  feeYuan: number;
  capacityPerSegment: number;
  referralReservedPerSegment: number;
}

/** 修改排班: the fee for new bookings, places per segment, and the referral reserve. */
export function EditScheduleModal({ schedule, onClose, onSaved }: { schedule: ScheduleDetail | null; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  useFieldsFor(form, schedule, (s) => {
    const now = perSegment(s);
    return { feeYuan: s.feeFen / 100, capacityPerSegment: now.capacity, referralReservedPerSegment: now.reserved };
  });

  const submit = async (v: EditValues) => {
    if (!schedule) return;
    const was = perSegment(schedule);
    const patch: SchedulePatch = {};
    if (yuanInputToFen(v.feeYuan) !== schedule.feeFen) patch.feeFen = yuanInputToFen(v.feeYuan);
    if (v.capacityPerSegment !== was.capacity) patch.capacityPerSegment = v.capacityPerSegment;
    if (v.referralReservedPerSegment !== was.reserved) patch.referralReservedPerSegment = v.referralReservedPerSegment;
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await updateSchedule(schedule.id, patch);
      message.success('排班已修改');
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.field === 'feeFen') form.setFields([{ name: 'feeYuan', errors: [err.message] }]);
      else if (!showFieldError(form, err, ['capacityPerSegment', 'referralReservedPerSegment'] as const)) setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={schedule !== null}
      title="修改排班"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
      okButtonProps={{ 'data-testid': 'schedule-edit-submit' }}
      destroyOnHidden
    >
      {schedule && (
        <Form<EditValues>
          form={form}
          layout="vertical"
          onFinish={submit}
        >
          <Typography.Paragraph type="secondary">{scheduleTitle(schedule)}</Typography.Paragraph>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="feeYuan" label="挂号费（元）" rules={[{ required: true, message: '请填写' }]} extra="只影响之后的新预约">
                <InputNumber min={0} max={10000} precision={2} style={{ width: '100%' }} data-testid="schedule-edit-fee" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="capacityPerSegment" label="每段号源数" rules={[{ required: true, message: '请填写' }]} extra="不能少于已约人数">
                <InputNumber min={1} max={200} style={{ width: '100%' }} data-testid="schedule-edit-capacity" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="referralReservedPerSegment"
                label="其中转诊预留"
                dependencies={['capacityPerSegment']}
                rules={[
                  { required: true, message: '请填写' },
                  ({ getFieldValue }) => ({
                    validator: async (_, value: number) => {
                      if (value > getFieldValue('capacityPerSegment')) throw new Error('不能超过每段号源数');
                    },
                  }),
                ]}
              >
                <InputNumber min={0} max={200} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text type="secondary">加号后，排队候补的患者会按先后收到通知。</Typography.Text>
          {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
        </Form>
      )}
    </Modal>
  );
}

const STOP_REASONS = ['医生临时外出会诊', '医生身体不适', '医生外出学习培训', '恶劣天气，暂停门诊'];

/** 停诊: irreversible; says who is affected and what happens to them before the desk decides. */
export function StopScheduleModal({ schedule, onClose, onStopped }: { schedule: ScheduleDetail | null; onClose: () => void; onStopped: () => void }) {
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
    if (!schedule) return;
    const text = reason.trim();
    if (text.length < 2) {
      setError('请填写停诊原因（至少2个字），会通知给已预约的患者');
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const { cancelledBookings } = await stopSchedule(schedule.id, text);
      message.success(cancelledBookings > 0 ? `已停诊，取消了 ${cancelledBookings} 个预约并通知患者` : '已停诊');
      setReason('');
      onStopped();
    } catch (err) {
      setError(errorMessage(err).replace(/^参数 \S+ 不正确：/, ''));
    } finally {
      setSaving(false);
    }
  };

  const { booked, referral } = schedule ? bookedOf(schedule) : { booked: 0, referral: 0 };
  const waiting = schedule?.waitlist.waiting ?? 0;
  return (
    <Modal
      open={schedule !== null}
      title="停诊"
      okText="确认停诊"
      cancelText="不停诊"
      okButtonProps={{ danger: true, 'data-testid': 'schedule-stop-submit' }}
      confirmLoading={saving}
      onOk={submit}
      onCancel={close}
      destroyOnHidden
    >
      {schedule && (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text strong>{scheduleTitle(schedule)}</Typography.Text>
          <Alert
            type={booked > 0 ? 'warning' : 'info'}
            showIcon
            data-testid="schedule-stop-impact"
            message={booked > 0 ? `这个排班已有 ${booked} 人预约${referral > 0 ? `（其中转诊 ${referral} 人）` : ''}` : '这个排班还没有人预约'}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {booked > 0 && <li>停诊后这些预约全部取消，系统会给每位患者发通知，写明您填的原因；</li>}
                {booked > 0 && <li>已在线支付的挂号费会自动原路全额退回，不用另外操作；</li>}
                {waiting > 0 && <li>排队候补的 {waiting} 人会收到候补结束的通知；</li>}
                <li>停诊后这个排班不能再预约，也不能恢复；如需出诊请重新排班。</li>
              </ul>
            }
          />
          <div>
            <Typography.Text strong>停诊原因</Typography.Text>
            <Typography.Text type="secondary">（必填，会发给患者）</Typography.Text>
          </div>
          <Space size={[6, 6]} wrap>
            {STOP_REASONS.map((r) => (
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
            data-testid="schedule-stop-reason"
          />
          {error && <Alert type="error" showIcon message={error} data-testid="schedule-stop-error" />}
        </Space>
      )}
    </Modal>
  );
}
