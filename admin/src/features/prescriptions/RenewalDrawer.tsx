import { CheckOutlined, CloseOutlined, WarningOutlined } from '@ant-design/icons';
import {
  DEFAULT_STABILITY_THRESHOLDS,
  LONG_RX_ASSESSMENT_ABOVE_DAYS,
  longestSupply,
  stopReasons,
  type Renewal,
  type StopReasonCode,
} from '@ygt/shared';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Modal, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { approveRenewal, getRenewalReview, rejectRenewal, type RenewalReview } from './api';
import { dateTimeOf, dayOf } from './format';
import { MedicinesTable } from './parts';

interface Props {
  renewalId: string | undefined;
  onClose: () => void;
  /** Approved or rejected: the queue reloads. */
  onDecided: () => void;
}

/** One renewal: the stability answers with what is out of range, the prescription it renews, and the decision. */
export function RenewalDrawer({ renewalId, onClose, onDecided }: Props) {
  const review = useRequest((signal) => (renewalId ? getRenewalReview(renewalId, signal) : Promise.resolve(undefined)), [renewalId]);
  return (
    <Drawer open={renewalId !== undefined} onClose={onClose} width={760} title="续方申请" destroyOnClose data-testid="renewal-drawer">
      {review.error ? (
        <Alert type="error" showIcon message="没有加载出来" description={review.error} action={<Button onClick={review.reload}>重试</Button>} />
      ) : !review.data ? (
        <Spin tip="正在加载…">
          <div style={{ height: 120 }} />
        </Spin>
      ) : (
        <ReviewBody review={review.data} onDecided={onDecided} />
      )}
    </Drawer>
  );
}

function ReviewBody({ review, onDecided }: { review: RenewalReview; onDecided: () => void }) {
  const { renewal, prescription, myTeam } = review;
  return (
    <Space direction="vertical" size={20} style={{ width: '100%' }}>
      <Descriptions
        column={2}
        size="small"
        title={
          <Space>
            <span style={{ fontSize: 18 }} data-testid="renewal-patient">
              {renewal.patientName}
            </span>
            <Tag color={renewal.status === 'pending_review' ? 'gold' : renewal.status === 'approved' ? 'green' : 'red'}>{renewal.statusLabel}</Tag>
            {myTeam && <Tag color="green">本团队签约患者</Tag>}
          </Space>
        }
      >
        <Descriptions.Item label="申请时间">{dateTimeOf(renewal.requestedAt)}</Descriptions.Item>
        <Descriptions.Item label="家庭医生团队">{prescription.familyDoctorTeam ?? '未签约'}</Descriptions.Item>
        <Descriptions.Item label="取药方式" span={2}>
          {renewal.fulfilment === 'pickup' ? `到 ${renewal.pickupFacility?.name ?? '取药点'} 自取` : `快递到家：${renewal.delivery?.address ?? ''}（${renewal.delivery?.recipientName ?? ''}）`}
        </Descriptions.Item>
        {renewal.reviewerName && (
          <Descriptions.Item label="审核" span={2}>
            {renewal.reviewerName} · {renewal.reviewedAt ? dateTimeOf(renewal.reviewedAt) : ''}
            {renewal.rejectReason ? ` · 未通过：${renewal.rejectReason}` : ''}
          </Descriptions.Item>
        )}
      </Descriptions>

      {renewal.pharmacistNote && (
        <Alert type="warning" showIcon message="药师审方退回" description={renewal.pharmacistNote} data-testid="renewal-pharmacist-note" />
      )}

      <StabilityAnswers renewal={renewal} />

      <div>
        <Typography.Title level={5}>原长期处方</Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {prescription.prescriber.name}（{prescription.prescriber.titleLabel}）· {prescription.prescriber.facilityName} · {dayOf(prescription.issuedOn)}开具
          {prescription.isFirst ? ' · 首次开具' : ' · 续方'} · 药品可用至 {dayOf(prescription.supply.supplyEndsOn)}（余 {prescription.supply.daysLeft} 天）
        </Typography.Paragraph>
        <MedicinesTable items={prescription.items} testId="renewal-medicines" />
        {prescription.healthAdvice && (
          <Typography.Paragraph style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">原健康处方：</Typography.Text>
            {prescription.healthAdvice}
          </Typography.Paragraph>
        )}
      </div>

      {renewal.status === 'pending_review' && <Decision review={review} onDecided={onDecided} />}
    </Space>
  );
}

/** The answers as the doctor reads them: each with its value and a tag saying whether it is in range. */
function StabilityAnswers({ renewal }: { renewal: Renewal }) {
  const check = renewal.stabilityCheck;
  const stops = new Set<StopReasonCode>((renewal.stopReasons.length ? renewal.stopReasons : stopReasons(check)).map((r) => r.code));
  const t = DEFAULT_STABILITY_THRESHOLDS;
  const ok = (text = '正常') => (
    <Tag color="green" icon={<CheckOutlined />}>
      {text}
    </Tag>
  );
  const bad = (text: string) => (
    <Tag color="red" icon={<WarningOutlined />}>
      {text}
    </Tag>
  );
  const rows: { label: string; value: ReactNode; flag: ReactNode }[] = [];
  if (check.bloodPressure) {
    rows.push({
      label: '血压',
      value: `${check.bloodPressure.systolic}/${check.bloodPressure.diastolic} mmHg`,
      flag: stops.has('blood_pressure_not_controlled') ? bad(`未达标（≥${t.systolicAtLeast}/${t.diastolicAtLeast}）`) : ok('达标'),
    });
  }
  if (check.fastingGlucose !== undefined) {
    rows.push({
      label: '空腹血糖',
      value: `${check.fastingGlucose} mmol/L`,
      flag: stops.has('glucose_not_controlled') ? bad(`偏高（≥${t.fastingGlucoseAtLeast}）`) : stops.has('hypoglycaemia') ? bad(`偏低（<${t.fastingGlucoseBelow}）`) : ok('达标'),
    });
  }
  rows.push({
    label: '不良反应',
    value: { none: '无', mild: '轻微，可耐受', serious: '明显' }[check.sideEffects],
    flag: check.sideEffects === 'serious' ? bad('需评估') : check.sideEffects === 'mild' ? <Tag color="orange">留意</Tag> : ok(),
  });
  rows.push({ label: '上次开药后住院', value: check.hospitalisedSinceLastPrescription ? '是' : '否', flag: check.hospitalisedSinceLastPrescription ? bad('需评估') : ok() });
  rows.push({ label: '新诊断疾病', value: check.newDiagnosis ? '是' : '否', flag: check.newDiagnosis ? bad('需评估') : ok() });

  return (
    <div data-testid="renewal-answers">
      <Typography.Title level={5}>病情稳定性自评（居民填写）</Typography.Title>
      <Descriptions column={1} size="small" bordered styles={{ label: { width: 150 } }}>
        {rows.map((r) => (
          <Descriptions.Item key={r.label} label={r.label}>
            <Space>
              <span>{r.value}</span>
              {r.flag}
            </Space>
          </Descriptions.Item>
        ))}
        {check.note && <Descriptions.Item label="居民补充">{check.note}</Descriptions.Item>}
      </Descriptions>
      {renewal.status === 'needs_visit' && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          message="自评达到停用条件，已提示居民预约面诊"
          description={renewal.stopReasons.map((r) => r.message).join('；')}
        />
      )}
    </div>
  );
}

function Decision({ review, onDecided }: { review: RenewalReview; onDecided: () => void }) {
  const { message, modal } = App.useApp();
  const { renewal, prescription } = review;
  const [form] = Form.useForm<{ healthAdvice: string; assessment: string }>();
  const [saving, setSaving] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const needsAssessment = longestSupply(prescription.items) > LONG_RX_ASSESSMENT_ABOVE_DAYS;
  const flagged = stopReasons(renewal.stabilityCheck).length > 0;

  useEffect(() => form.setFieldsValue({ healthAdvice: prescription.healthAdvice ?? '', assessment: '' }), [renewal.id]);

  const approve = async () => {
    const values = await form.validateFields();
    modal.confirm({
      title: `通过 ${renewal.patientName} 的续方？`,
      content: `将按原处方开具续方（${prescription.items.length} 种药，最长 ${longestSupply(prescription.items)} 天），送中心药房药师审方。`,
      okText: '通过并开具',
      cancelText: '再看看',
      okButtonProps: { 'data-testid': 'renewal-approve-confirm' },
      onOk: async () => {
        setSaving(true);
        try {
          await approveRenewal(renewal.id, {
            healthAdvice: values.healthAdvice.trim() || undefined,
            assessment: needsAssessment ? values.assessment.trim() : undefined,
          });
          message.success(`已通过，续方已送药师审方`);
          onDecided();
        } catch (err) {
          if (err instanceof ApiError && (err.field === 'healthAdvice' || err.field === 'assessment')) {
            form.setFields([{ name: err.field, errors: [err.message] }]);
          } else {
            message.error(errorMessage(err));
            if (err instanceof ApiError && err.status === 409) onDecided();
          }
        } finally {
          setSaving(false);
        }
      },
    });
  };

  return (
    <div>
      <Typography.Title level={5}>审核</Typography.Title>
      {flagged && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="自评中有不达标项，请确认病情稳定后再通过，或不通过并请患者面诊。" />}
      <Form form={form} layout="vertical" requiredMark="optional">
        <Form.Item
          name="healthAdvice"
          label="健康处方（居民在药品旁边看到的生活建议，可修改）"
          rules={[{ max: 500, message: '健康处方不超过500字' }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：低盐低脂饮食，每天快走30分钟，每周测2次血压并记录" data-testid="renewal-advice" />
        </Form.Item>
        {needsAssessment && (
          <Form.Item
            name="assessment"
            label={`病情稳定性评估（用药超过${LONG_RX_ASSESSMENT_ABOVE_DAYS}天必须填写）`}
            rules={[{ required: true, whitespace: true, message: '超过4周的长期处方需记录病情稳定性评估' }]}
          >
            <Input.TextArea rows={2} maxLength={500} data-testid="renewal-assessment" />
          </Form.Item>
        )}
      </Form>
      <Space>
        <Button type="primary" size="large" icon={<CheckOutlined />} loading={saving} onClick={approve} data-testid="renewal-approve">
          通过，开具续方
        </Button>
        <Button danger size="large" icon={<CloseOutlined />} onClick={() => setRejecting(true)} data-testid="renewal-reject">
          不通过
        </Button>
      </Space>
      <RejectModal open={rejecting} renewal={renewal} onClose={() => setRejecting(false)} onRejected={onDecided} />
    </div>
  );
}

const REJECT_REASONS = ['血压控制不理想，请来卫生院面诊调整用药', '血糖控制不理想，请来卫生院面诊', '需要复查后再开药，请预约面诊'];

function RejectModal({ open, renewal, onClose, onRejected }: { open: boolean; renewal: Renewal; onClose: () => void; onRejected: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    const { reason } = await form.validateFields();
    setSaving(true);
    try {
      await rejectRenewal(renewal.id, reason.trim());
      message.success('已记录不通过，居民会收到原因');
      form.resetFields();
      onClose();
      onRejected();
    } catch (err) {
      if (err instanceof ApiError && err.field === 'reason') form.setFields([{ name: 'reason', errors: [err.message] }]);
      else message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`不通过 ${renewal.patientName} 的续方`}
      okText="确认不通过"
      okButtonProps={{ danger: true, 'data-testid': 'renewal-reject-submit' }}
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnClose
    >
      <Typography.Paragraph type="secondary">原因会发给居民，请用居民能看懂的话，说清楚下一步怎么做。</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        {REJECT_REASONS.map((r) => (
          <Tag key={r} style={{ cursor: 'pointer' }} onClick={() => form.setFieldsValue({ reason: r })}>
            {r}
          </Tag>
        ))}
      </Space>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="不通过的原因" rules={[{ required: true, whitespace: true, min: 2, message: '请填写不通过的原因' }]}>
          <Input.TextArea rows={3} maxLength={200} showCount data-testid="renewal-reject-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
