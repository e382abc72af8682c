import { DeclineReferralSchema, type Referral, ReturnReferralSchema } from '@ygt/shared';
import { Alert, App, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { schemaRule, showFieldError } from '../../app/forms';
import { bookReferralSlot, declineReferral, returnReferral } from './api';
import { type PickedSlot, ReservedSlotPicker } from './ReservedSlotPicker';

function who(r: Referral): string {
  return `${r.patient.name}（${r.from.facility.name} ${r.from.staffName}）`;
}

/** 拒收: the reason goes to the patient and the referring doctor; a booking made for it is cancelled. */
export function DeclineReferralModal({ referral, onClose, onDone }: { referral: Referral | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async ({ reason }: { reason: string }) => {
    if (!referral) return;
    setSaving(true);
    setError(undefined);
    try {
      await declineReferral(referral.id, reason.trim());
      message.success(`已拒收${referral.patient.name}的转诊，已通知患者`);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        message.warning(err.message);
        onDone();
      } else if (!showFieldError(form, err, ['reason'] as const)) setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={referral !== null}
      title="拒收转诊"
      okText="确认拒收"
      cancelText="不拒收"
      okButtonProps={{ danger: true, 'data-testid': 'referral-decline-submit' }}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
      destroyOnHidden
    >
      {referral && (
        <Form form={form} layout="vertical" onFinish={submit}>
          <Typography.Paragraph>{who(referral)}</Typography.Paragraph>
          <Form.Item name="reason" label="拒收原因（会告诉患者和转诊医生）" rules={[{ required: true, message: '请填写拒收原因' }, schemaRule(DeclineReferralSchema.shape.reason)]}>
            <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder="如：本科室近期无法收治，建议转往市级医院" data-testid="referral-decline-reason" />
          </Form.Item>
          <Alert
            type="warning"
            showIcon
            message={referral.booking ? '拒收后，为这次转诊预约的号会取消，号源回到转诊预留。' : '拒收后不能撤销，转诊医生可以重新开具转诊单。'}
          />
          {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
        </Form>
      )}
    </Modal>
  );
}

interface ReturnValues {
  summary: string;
  followUpPlan: string;
}

/** 下转: back to the facility that referred the patient, with what was done and what to do next. */
export function ReturnReferralModal({ referral, onClose, onDone }: { referral: Referral | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ReturnValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (v: ReturnValues) => {
    if (!referral) return;
    setSaving(true);
    setError(undefined);
    try {
      await returnReferral(referral.id, { summary: v.summary.trim(), followUpPlan: v.followUpPlan.trim() });
      message.success(`已将${referral.patient.name}下转回${referral.from.facility.name}`);
      onDone();
    } catch (err) {
      if (!showFieldError(form, err, ['summary', 'followUpPlan'] as const)) setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={referral !== null}
      title={referral ? `下转回${referral.from.facility.name}` : ''}
      width={680}
      okText="确认下转"
      cancelText="取消"
      okButtonProps={{ 'data-testid': 'referral-return-submit' }}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
      destroyOnHidden
    >
      {referral && (
        <Form form={form} layout="vertical" onFinish={submit}>
          <Typography.Paragraph type="secondary">
            {referral.patient.name} 诊治后转回{referral.from.facility.name}，由基层医生按随访计划继续管理。患者和基层医生都能看到下面的内容。
          </Typography.Paragraph>
          <Form.Item name="summary" label="诊疗小结" rules={[{ required: true, message: '请填写诊疗小结' }, schemaRule(ReturnReferralSchema.shape.summary)]}>
            <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} placeholder="诊断、主要检查结果、治疗经过、出院（离院）时情况" data-testid="referral-return-summary" />
          </Form.Item>
          <Form.Item name="followUpPlan" label="随访计划" rules={[{ required: true, message: '请填写随访计划' }, schemaRule(ReturnReferralSchema.shape.followUpPlan)]}>
            <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} placeholder="用药、复查项目和时间、需要再次转诊的情况" data-testid="referral-return-plan" />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} />}
        </Form>
      )}
    </Modal>
  );
}

/** 预约转诊号: a reserved place of the receiving department for a referral without a booking. */
export function BookReferralModal({ referral, onClose, onDone }: { referral: Referral | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [slot, setSlot] = useState<PickedSlot>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async () => {
    if (!referral || !slot) {
      setError('请选择一个时段');
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await bookReferralSlot(referral.id, slot.slotId);
      message.success(`已为${referral.patient.name}预约：${slot.text}`);
      setSlot(undefined);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={referral !== null}
      title="预约转诊预留号"
      width={680}
      okText="预约"
      cancelText="取消"
      okButtonProps={{ disabled: !slot, 'data-testid': 'referral-book-submit' }}
      confirmLoading={saving}
      onOk={submit}
      onCancel={() => {
        setSlot(undefined);
        setError(undefined);
        onClose();
      }}
      destroyOnHidden
    >
      {referral && referral.to.department && (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text>
            {referral.patient.name} → {referral.to.facility.name} {referral.to.department.name}
          </Typography.Text>
          <ReservedSlotPicker departmentId={referral.to.department.id} value={slot} onChange={setSlot} />
          {error && <Alert type="error" showIcon message={error} />}
        </Space>
      )}
    </Modal>
  );
}
