import { BookingPolicySchema, DEFAULT_BOOKING_POLICY, explainBookingPolicy, type BookingPolicy, type BookingRules, type Facility } from '@ygt/shared';
import { Alert, Button, Col, Form, Input, InputNumber, Modal, Row, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { errorMessage } from '../../api/client';
import { schemaRule, showFieldError, useFieldsFor } from '../../app/forms';
import { updateBookingPolicy } from './api';

type Field = keyof BookingPolicy;
const FIELDS = Object.keys(BookingPolicySchema.shape) as Field[];

/** The rules a resident reads that these numbers change (the fee and real-name rules do not). */
const PREVIEWED = new Set(['window', 'per_week', 'cancel', 'no_show', 'waitlist', 'referral']);

interface BookingPolicyModalProps {
  facility: Facility;
  /** The facility's rules now; null closes the modal. */
  rules: BookingRules | null;
  onClose: () => void;
  onSaved: (rules: BookingRules) => void;
}

/** A community admin sets a facility's booking rules, seeing the words residents will read as they type. */
export function BookingPolicyModal({ facility, rules, onClose, onSaved }: BookingPolicyModalProps) {
  const [form] = Form.useForm<BookingPolicy>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  const values = Form.useWatch([], form) as Partial<BookingPolicy> | undefined;
  const preview = BookingPolicySchema.safeParse(values);
  useFieldsFor(form, rules, (r) => r.policy);

  const submit = async (policy: BookingPolicy) => {
    setSubmitting(true);
    setError(undefined);
    try {
      onSaved(await updateBookingPolicy(facility.id, policy));
    } catch (err) {
      if (!showFieldError(form, err, FIELDS)) setError(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  const number = (name: Field, label: string, unit: string, extra?: string) => (
    <Col span={8}>
      <Form.Item name={name} label={label} extra={extra} rules={[{ required: true, message: `请填写${label}` }, schemaRule(BookingPolicySchema.shape[name])]}>
        <InputNumber addonAfter={unit} precision={0} style={{ width: '100%' }} data-testid={`policy-${name}`} />
      </Form.Item>
    </Col>
  );
  const time = (name: Field, label: string) => (
    <Col span={8}>
      <Form.Item name={name} label={label} rules={[{ required: true, message: `请填写${label}` }, schemaRule(BookingPolicySchema.shape[name])]}>
        <Input placeholder="例如 08:00" maxLength={5} data-testid={`policy-${name}`} />
      </Form.Item>
    </Col>
  );

  return (
    <Modal
      title={`预约规则：${facility.name}`}
      open={rules !== null}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      maskClosable={false}
      afterClose={() => setError(undefined)}
      footer={[
        <Button key="defaults" style={{ float: 'left' }} onClick={() => form.setFieldsValue(DEFAULT_BOOKING_POLICY)} data-testid="policy-defaults">
          填入医共体默认值
        </Button>,
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button key="submit" type="primary" loading={submitting} onClick={() => form.submit()} data-testid="policy-save">
          保存
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        保存后对此后提交的预约生效，已有的预约不受影响。居民在预约页看到的说明会随之更新。
      </Typography.Paragraph>
      {rules && (
        <Form<BookingPolicy> form={form} layout="vertical" onFinish={submit} onValuesChange={() => setError(undefined)} preserve={false}>
          <Group title="放号与限约">
            {number('windowDays', '提前放号', '天')}
            {time('releaseTime', '每天放号时间')}
            {number('maxOpenPerWeek', '每人每周最多', '个号', '同一就诊人未完成的预约')}
          </Group>
          <Group title="退号">
            {number('cancelDaysBefore', '就诊前', '天截止', '0 表示就诊当天')}
            {time('cancelTime', '截止时间')}
          </Group>
          <Group title="爽约">
            {number('noShowWithinDays', '统计最近', '天')}
            {number('noShowLimit', '累计爽约', '次')}
            {number('suspendDays', '暂停在线预约', '天')}
          </Group>
          <Group title="候补与转诊预留">
            {number('waitlistOfferMinutes', '候补确认时限', '分钟')}
            {number('waitlistCloseDaysBefore', '候补截止：就诊前', '天', '0 表示就诊当天')}
            {time('waitlistCloseTime', '候补截止时间')}
            {number('referralReleaseHours', '预留号开放：就诊前', '小时', '未用完的转诊预留号开放给所有居民')}
          </Group>
        </Form>
      )}
      <div data-testid="policy-preview" style={{ background: '#f6f8fa', borderRadius: 8, padding: '12px 16px' }}>
        <Typography.Text strong>居民将看到</Typography.Text>
        {preview.success ? (
          <ul style={{ margin: '8px 0 0', paddingLeft: 20 }}>
            {explainBookingPolicy(preview.data, { feePayableOnline: true })
              .filter((r) => PREVIEWED.has(r.key))
              .map((r) => (
                <li key={r.key}>
                  <Typography.Text type="secondary">{r.title}：</Typography.Text>
                  {r.text}
                </li>
              ))}
          </ul>
        ) : (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            填写完整且正确后，这里显示居民看到的说明。
          </Typography.Paragraph>
        )}
      </div>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="policy-error" />}
    </Modal>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
        {title}
      </Typography.Text>
      <Row gutter={16}>{children}</Row>
    </>
  );
}
