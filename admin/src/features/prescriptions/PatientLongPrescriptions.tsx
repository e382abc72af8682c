import { MedicineBoxOutlined, PlusOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import type { ChronicCondition, LongPrescription, Patient } from '@ygt/shared';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { useSession } from '../auth/session';
import { certifyCondition, getPatientContract, listConditionTypes, listPatientConditions, listPatientPrescriptions } from './api';
import { dayOf } from './format';
import { IssueLongPrescriptionModal } from './IssueLongPrescriptionModal';
import { SignContractModal } from './SignContractModal';

/**
 * On the 患者查询 card, for doctors: the patient's certified chronic conditions, family-doctor
 * contract and long prescriptions, with 认定慢性病 and 开具长期处方. The reads are audited.
 */
export function PatientLongPrescriptions({ patient }: { patient: Patient }) {
  const { staff } = useSession();
  if (!staff?.roles.includes('doctor')) return null;
  return <Panel patient={patient} />;
}

async function loadPatientRx(personId: string, signal: AbortSignal) {
  const [conditions, contract, prescriptions] = await Promise.all([
    listPatientConditions(personId, signal),
    getPatientContract(personId, signal),
    listPatientPrescriptions(personId, signal),
  ]);
  return { conditions: conditions.filter((c) => c.status === 'active'), contract, prescriptions };
}

function Panel({ patient }: { patient: Patient }) {
  const data = useRequest((signal) => loadPatientRx(patient.personId, signal), [patient.personId]);
  const [issuing, setIssuing] = useState(false);
  const [certifying, setCertifying] = useState(false);
  const [signing, setSigning] = useState(false);

  return (
    <Card
      title={
        <Space>
          <MedicineBoxOutlined />
          慢病与长期处方
        </Space>
      }
      data-testid="patient-long-rx"
      extra={
        <Button type="primary" icon={<PlusOutlined />} disabled={!data.data} onClick={() => setIssuing(true)} data-testid="rx-issue-open">
          开具长期处方
        </Button>
      }
    >
      {data.error ? (
        <Alert type="error" showIcon message="没有加载出来" description={data.error} action={<Button onClick={data.reload}>重试</Button>} />
      ) : !data.data ? (
        <Typography.Text type="secondary">正在加载…</Typography.Text>
      ) : (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <div>
            <Typography.Text strong>慢病认定：</Typography.Text>
            {data.data.conditions.length === 0 ? (
              <Typography.Text type="secondary">尚未认定（开具长期处方前需先认定病种）</Typography.Text>
            ) : (
              data.data.conditions.map((c) => (
                <Tag key={c.id} color="blue" data-testid="rx-condition">
                  {c.name}（{c.code}）
                </Tag>
              ))
            )}
            <Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => setCertifying(true)} data-testid="rx-certify-open">
              认定慢性病
            </Button>
          </div>
          <div>
            <Typography.Text strong>家庭医生签约：</Typography.Text>
            {data.data.contract ? (
              <Typography.Text>
                {data.data.contract.team.name}（{data.data.contract.team.members.map((m) => m.name).join('、')}）
                {data.data.contract.villageClinic ? ` · ${data.data.contract.villageClinic.name}` : ''} · 至 {data.data.contract.endsOn}
              </Typography.Text>
            ) : (
              <>
                <Typography.Text type="secondary" style={{ marginRight: 8 }}>
                  未签约
                </Typography.Text>
                <Button size="small" icon={<TeamOutlined />} onClick={() => setSigning(true)} data-testid="contract-open">
                  签约家庭医生
                </Button>
              </>
            )}
          </div>
          <PrescriptionsTable prescriptions={data.data.prescriptions} />
        </Space>
      )}

      {data.data && (
        <IssueLongPrescriptionModal
          open={issuing}
          patient={patient}
          conditions={data.data.conditions}
          prescriptions={data.data.prescriptions}
          onClose={() => setIssuing(false)}
          onIssued={() => {
            setIssuing(false);
            data.reload();
          }}
        />
      )}
      <SignContractModal
        open={signing}
        patient={patient}
        onClose={() => setSigning(false)}
        onSigned={() => {
          setSigning(false);
          data.reload();
        }}
      />
      <CertifyModal
        open={certifying}
        patient={patient}
        certified={data.data?.conditions ?? []}
        onClose={() => setCertifying(false)}
        onCertified={() => {
          setCertifying(false);
          data.reload();
        }}
      />
    </Card>
  );
}

function PrescriptionsTable({ prescriptions }: { prescriptions: LongPrescription[] }) {
  if (prescriptions.length === 0) return <Typography.Text type="secondary">还没有长期处方。</Typography.Text>;
  return (
    <Table<LongPrescription>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={prescriptions}
      data-testid="rx-patient-prescriptions"
      columns={[
        {
          title: '状态',
          width: 90,
          render: (_, rx) => <Tag color={rx.status === 'active' ? 'green' : 'default'}>{rx.statusLabel}</Tag>,
        },
        {
          title: '药品',
          render: (_, rx) => rx.items.map((i) => `${i.genericName} ${i.strength} ${i.daysOfSupply}天`).join('；'),
        },
        { title: '开具', width: 190, render: (_, rx) => `${dayOf(rx.issuedOn)} ${rx.prescriber.name}${rx.isFirst ? '（首次）' : ''}` },
        {
          title: '余药 / 可续方',
          width: 170,
          render: (_, rx) =>
            rx.status === 'active' ? (
              <span>
                余{rx.supply.daysLeft}天 · {rx.supply.renewalOpen ? '可续方' : `${dayOf(rx.supply.renewalOpensOn)}起`}
                {rx.reviewFlag && (
                  <Tag color="red" style={{ marginLeft: 4 }}>
                    需面诊
                  </Tag>
                )}
              </span>
            ) : (
              rx.stopReason ?? ''
            ),
        },
      ]}
    />
  );
}

function CertifyModal({
  open,
  patient,
  certified,
  onClose,
  onCertified,
}: {
  open: boolean;
  patient: Patient;
  certified: ChronicCondition[];
  onClose: () => void;
  onCertified: () => void;
}) {
  const { message } = App.useApp();
  const types = useRequest((signal) => (open ? listConditionTypes(signal) : Promise.resolve([])), [open]);
  const [form] = Form.useForm<{ code: string; diagnosedOn?: Dayjs; note?: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      await certifyCondition(patient.personId, {
        code: values.code,
        diagnosedOn: values.diagnosedOn?.format('YYYY-MM-DD'),
        note: values.note?.trim() || undefined,
      });
      message.success('已认定');
      onCertified();
    } catch (err) {
      if (err instanceof ApiError && (err.field === 'code' || err.field === 'note')) form.setFields([{ name: err.field, errors: [err.message] }]);
      else message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const have = new Set(certified.map((c) => c.code));
  return (
    <Modal
      open={open}
      title={`认定慢性病：${patient.name}`}
      okText="认定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnClose
      okButtonProps={{ 'data-testid': 'rx-certify-submit' }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="code" label="病种（本地长期处方病种目录）" rules={[{ required: true, message: '请选择慢性病病种' }]}>
          <Select
            loading={types.loading}
            options={(types.data ?? []).map((t) => ({ value: t.code, label: `${t.name}（${t.code}）${have.has(t.code) ? ' · 已认定' : ''}`, disabled: have.has(t.code) }))}
            data-testid="rx-certify-code"
          />
        </Form.Item>
        <Form.Item name="diagnosedOn" label="确诊日期（选填）">
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="note" label="备注（选填）">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
