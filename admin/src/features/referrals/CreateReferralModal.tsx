import { SearchOutlined } from '@ant-design/icons';
import { CreateReferralSchema, type Patient, type Referral } from '@ygt/shared';
import { Alert, App, AutoComplete, Button, Checkbox, Form, Input, Modal, Select, Space, Spin, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { schemaRule, showFieldError } from '../../app/forms';
import { dateTimeOf } from '../booking/format';
import { listDepartments, listFacilities } from '../community/api';
import { lookupPatient } from '../patients/api';
import { readPatientKey } from '../patients/patientKey';
import { createReferral, listPatientReports } from './api';
import { type PickedSlot, ReservedSlotPicker } from './ReservedSlotPicker';

const COMMON_REASONS = ['病情需上级医院进一步诊治', '需上级医院专科检查', '慢病控制不佳，需专科调整方案', '疑似重症，需尽快明确诊断'];
const FIELDS = ['toDepartmentId', 'reason', 'summary', 'resultIds'] as const;

interface Values {
  toFacilityId: string;
  toDepartmentId: string;
  reason: string;
  summary: string;
  resultIds: string[];
}

/**
 * 上转: a township or village doctor sends their patient to a county department, with the reason,
 * a clinical summary, results to read, and optionally a reserved place (绿色通道).
 */
export function CreateReferralModal({ open, patient: given, onClose, onCreated }: { open: boolean; patient?: Patient; onClose: () => void; onCreated: (r: Referral) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [patient, setPatient] = useState<Patient | undefined>(given);
  const [withSlot, setWithSlot] = useState(false);
  const [slot, setSlot] = useState<PickedSlot>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const toFacilityId = Form.useWatch('toFacilityId', form);
  const toDepartmentId = Form.useWatch('toDepartmentId', form);

  const hospitals = useRequest((signal) => listFacilities({ level: 'county' }, signal), []);
  const departments = useRequest((signal) => (toFacilityId ? listDepartments(toFacilityId, signal) : Promise.resolve([])), [toFacilityId]);
  const reports = useRequest((signal) => (patient ? listPatientReports(patient.personId, signal) : Promise.resolve(null)), [patient?.personId]);

  const submit = async (v: Values) => {
    if (!patient) {
      setError('请先查找要转诊的患者');
      return;
    }
    if (withSlot && !slot) {
      setError('请选择转诊预留号的时段，或关闭“同时预约”');
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const referral = await createReferral({
        personId: patient.personId,
        toDepartmentId: v.toDepartmentId,
        reason: v.reason.trim(),
        summary: v.summary.trim(),
        resultIds: v.resultIds?.length ? v.resultIds : undefined,
        slotId: withSlot ? slot?.slotId : undefined,
      });
      message.success(`已为${patient.name}开具转诊单，等待${referral.to.facility.name}接收`);
      onCreated(referral);
    } catch (err) {
      if (err instanceof ApiError && err.field === 'slotId') setError(`预约转诊号没有成功：${err.message}`);
      else if (!showFieldError(form, err, FIELDS)) setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title="开具上转单（转往县级医院）"
      width={760}
      okText={withSlot && slot ? '开具转诊单并预约' : '开具转诊单'}
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'referral-create-submit', disabled: !patient }}
      destroyOnHidden
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <PatientPicker patient={patient} onFound={setPatient} locked={given !== undefined} />

        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ resultIds: [] }}
          onValuesChange={(changed: Partial<Values>) => {
            if (changed.toFacilityId) form.setFieldValue('toDepartmentId', undefined);
            if (changed.toFacilityId || changed.toDepartmentId) setSlot(undefined);
          }}
          disabled={!patient}
        >
          <Space.Compact block>
            <Form.Item name="toFacilityId" label="接收医院" rules={[{ required: true, message: '请选择医院' }]} style={{ flex: 1 }}>
              <Select
                loading={hospitals.loading}
                placeholder="选择县级医院"
                options={(hospitals.data ?? []).map((f) => ({ value: f.id, label: f.name }))}
                data-testid="referral-hospital"
              />
            </Form.Item>
            <Form.Item name="toDepartmentId" label="接收科室" rules={[{ required: true, message: '请选择科室' }]} style={{ flex: 1, marginInlineStart: 12 }}>
              <Select
                loading={departments.loading}
                placeholder={toFacilityId ? '选择科室' : '先选医院'}
                options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
                data-testid="referral-department"
              />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="reason" label="转诊原因" rules={[{ required: true, message: '请填写转诊原因' }, schemaRule(CreateReferralSchema.shape.reason)]}>
            <AutoComplete options={COMMON_REASONS.map((value) => ({ value }))} filterOption={(input, option) => !input || String(option?.value).includes(input)}>
              <Input maxLength={200} placeholder="如：慢病控制不佳，需专科调整方案" data-testid="referral-reason" />
            </AutoComplete>
          </Form.Item>
          <Form.Item name="summary" label="病情摘要" rules={[{ required: true, message: '请填写病情摘要' }, schemaRule(CreateReferralSchema.shape.summary)]}>
            <Input.TextArea
              maxLength={2000}
              showCount
              autoSize={{ minRows: 3, maxRows: 8 }}
              placeholder="主诉、现病史、既往史、用药情况、已做检查和初步诊断"
              data-testid="referral-summary"
            />
          </Form.Item>
          {reports.data && reports.data.length > 0 && (
            <Form.Item name="resultIds" label="附上检查检验结果（选填，接收医生可直接查看，避免重复检查）">
              <Checkbox.Group
                style={{ width: '100%', maxHeight: 200, overflowY: 'auto', padding: '6px 10px', border: '1px solid #e5ecec', borderRadius: 6 }}
                data-testid="referral-results"
              >
                <Space direction="vertical" size={4}>
                  {reports.data.map((r) => (
                    <Checkbox key={r.id} value={r.id}>
                      {r.name}
                      <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                        {r.categoryLabel} · {dateTimeOf(r.effectiveAt)} · {r.performingFacility.name}
                      </Typography.Text>
                      {r.criticalCount > 0 ? (
                        <Tag color="red" style={{ marginInlineStart: 6 }}>
                          危急值
                        </Tag>
                      ) : r.abnormalCount > 0 ? (
                        <Tag color="orange" style={{ marginInlineStart: 6 }}>
                          {r.abnormalCount}项异常
                        </Tag>
                      ) : null}
                    </Checkbox>
                  ))}
                </Space>
              </Checkbox.Group>
            </Form.Item>
          )}
          {reports.loading && patient && <Spin size="small" tip="正在查找患者的检查检验结果…" />}
        </Form>

        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          <Space>
            <Switch checked={withSlot} onChange={setWithSlot} disabled={!patient || !toDepartmentId} data-testid="referral-with-slot" />
            <Typography.Text strong>同时预约县医院的转诊预留号（绿色通道）</Typography.Text>
          </Space>
          {!toDepartmentId && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              选好接收科室后可以预约。转诊预留号只给转诊患者用，不占居民的号。
            </Typography.Text>
          )}
          {withSlot && toDepartmentId && <ReservedSlotPicker departmentId={toDepartmentId} value={slot} onChange={setSlot} />}
        </Space>

        {error && <Alert type="error" showIcon message={error} data-testid="referral-create-error" />}
      </Space>
    </Modal>
  );
}

/** The patient to refer: given (from 患者查询), or found here by ID number or health card. */
function PatientPicker({ patient, onFound, locked }: { patient: Patient | undefined; onFound: (p: Patient | undefined) => void; locked: boolean }) {
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string>();
  const [searching, setSearching] = useState(false);

  const search = async () => {
    const read = readPatientKey(query);
    if ('error' in read) {
      setError(read.error);
      return;
    }
    setSearching(true);
    setError(undefined);
    try {
      onFound(await lookupPatient(read.key, '开具转诊单'));
      setQuery('');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? '本机构没有该居民的档案，只能为本机构的患者开具转诊单' : errorMessage(err));
    } finally {
      setSearching(false);
    }
  };

  if (patient) {
    return (
      <Alert
        type="info"
        data-testid="referral-patient"
        message={
          <Space size={10} wrap>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {patient.name}
            </Typography.Text>
            <span>
              {patient.sex === 'male' ? '男' : '女'} · {patient.age}岁
            </span>
            <Typography.Text type="secondary">{patient.idNumber}</Typography.Text>
          </Space>
        }
        action={
          !locked && (
            <Button size="small" onClick={() => onFound(undefined)}>
              换一位患者
            </Button>
          )
        }
      />
    );
  }
  return (
    <div>
      <Typography.Text strong>转诊患者</Typography.Text>
      <Space.Compact style={{ width: '100%', marginTop: 6 }}>
        <Input
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setError(undefined);
          }}
          onPressEnter={search}
          placeholder="扫描电子健康卡，或输入18位身份证号"
          status={error ? 'error' : undefined}
          data-testid="referral-patient-query"
        />
        <Button type="primary" icon={<SearchOutlined />} loading={searching} onClick={search} data-testid="referral-patient-search">
          查找
        </Button>
      </Space.Compact>
      {error && (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {error}
        </Typography.Text>
      )}
    </div>
  );
}
