import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  checkLongPrescription,
  FREQUENCIES,
  isFirstLongPrescription,
  LONG_RX_ASSESSMENT_ABOVE_DAYS,
  LONG_RX_MAX_DAYS,
  longestSupply,
  packsNeeded,
  type ChronicCondition,
  type Drug,
  type Frequency,
  type IssueLongPrescription,
  type LongPrescription,
  type Patient,
} from '@ygt/shared';
import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { issueLongPrescription, searchFormulary } from './api';
import { yuan } from './format';

interface ItemValues {
  drugId?: string;
  conditionCode?: string;
  dose?: number;
  frequency?: Frequency;
  daysOfSupply?: number;
  usage?: string;
}

interface Values {
  items: ItemValues[];
  inPerson: boolean;
  assessment?: string;
  patientConfirmed: boolean;
  healthAdvice?: string;
}

interface Props {
  open: boolean;
  patient: Patient;
  /** The patient's certified conditions (active). */
  conditions: ChronicCondition[];
  /** The patient's prescriptions, to tell a first one (首次开具) from a renewal. */
  prescriptions: LongPrescription[];
  onClose: () => void;
  onIssued: (rx: LongPrescription) => void;
}

const FREQUENCY_OPTIONS = (Object.keys(FREQUENCIES) as Frequency[]).map((f) => ({ value: f, label: FREQUENCIES[f].label }));
const NEW_ITEM: ItemValues = { dose: 1, frequency: 'qd', daysOfSupply: 28, usage: '口服' };

/** The rules an item breaks, checked by the same @ygt/shared rules as the API (the prescriber's title is checked by the API). */
function violations(values: Partial<Values>, drugs: Map<string, Drug>, conditions: ChronicCondition[], listed: string[], isFirst: boolean) {
  const items = (values.items ?? []).filter((i): i is Required<Pick<ItemValues, 'drugId' | 'conditionCode' | 'daysOfSupply'>> & ItemValues =>
    Boolean(i?.drugId && i.conditionCode && i.daysOfSupply && drugs.has(i.drugId)),
  );
  return checkLongPrescription({
    items: items.map((i) => {
      const drug = drugs.get(i.drugId)!;
      return { drugId: i.drugId, conditionCode: i.conditionCode, daysOfSupply: i.daysOfSupply, drug: { genericName: drug.genericName, ...drug.flags } };
    }),
    listedConditionCodes: listed,
    certifiedConditionCodes: conditions.map((c) => c.code),
    isFirst,
    inPerson: values.inPerson ?? false,
    prescriberTitle: null,
    assessment: values.assessment ?? null,
    patientConfirmed: values.patientConfirmed ?? false,
  }).filter((v) => v.field !== 'prescriber');
}

/** 开具长期处方: formulary picker, dose, frequency and days, with the long-prescription rules shown as the doctor types. */
export function IssueLongPrescriptionModal({ open, patient, conditions, prescriptions, onClose, onIssued }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string>();
  const formulary = useRequest((signal) => (open ? searchFormulary('', signal) : Promise.resolve([])), [open]);
  const drugs = new Map((formulary.data ?? []).map((d) => [d.id, d]));
  const isFirst = isFirstLongPrescription(prescriptions);
  // Certified conditions are on the local list (the API certifies only listed ones).
  const listed = conditions.map((c) => c.code);
  const items = values?.items ?? [];
  const longest = longestSupply(items.map((i) => ({ daysOfSupply: i?.daysOfSupply ?? 0 })));
  const overFourWeeks = longest > LONG_RX_ASSESSMENT_ABOVE_DAYS;
  const problems = values ? violations(values, drugs, conditions, listed, isFirst) : [];

  const submit = async () => {
    setFormError(undefined);
    const v = await form.validateFields();
    const body: IssueLongPrescription = {
      items: v.items.map((i) => ({
        drugId: i.drugId!,
        conditionCode: i.conditionCode!,
        dose: i.dose!,
        frequency: i.frequency!,
        daysOfSupply: i.daysOfSupply!,
        usage: i.usage?.trim() || undefined,
      })),
      inPerson: v.inPerson,
      assessment: v.assessment?.trim() || undefined,
      patientConfirmed: overFourWeeks ? v.patientConfirmed : false,
      healthAdvice: v.healthAdvice?.trim() || undefined,
    };
    setSaving(true);
    try {
      const rx = await issueLongPrescription(patient.personId, body);
      message.success(`已为${patient.name}开具长期处方`);
      form.resetFields();
      onIssued(rx);
    } catch (err) {
      if (err instanceof ApiError && err.field) {
        const path = err.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
        const known = ['items', 'inPerson', 'assessment', 'patientConfirmed', 'healthAdvice'].includes(String(path[0]));
        if (known && (path[0] !== 'items' || path.length === 3)) {
          form.setFields([{ name: path as never, errors: [err.message.replace(/^参数 \S+ 不正确：/, '')] }]);
          return;
        }
      }
      setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`开具长期处方：${patient.name}`}
      width={1000}
      okText="开具"
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'rx-issue-submit', disabled: conditions.length === 0 }}
      destroyOnClose
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={`长期处方规则：每种药最长${LONG_RX_MAX_DAYS}天（12周）；超过${LONG_RX_ASSESSMENT_ABOVE_DAYS}天（4周）需记录病情稳定性评估，并经患者知情确认；麻醉、精神（一、二类）、毒性、放射性、易制毒、抗菌（结核等慢性感染除外）及需特殊储存的药品不能开具。`}
        description={isFirst ? '该患者目前没有有效的长期处方，本次按首次开具管理：需面诊患者，并由中级及以上职称医师开具。' : undefined}
        data-testid="rx-issue-rules"
      />
      {conditions.length === 0 && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message="患者尚未认定慢性病，请先在“慢病认定”中认定病种，再开具长期处方。" />}
      {formError && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={formError} data-testid="rx-issue-error" />}

      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={{ items: [{ ...NEW_ITEM, conditionCode: conditions[0]?.code }], inPerson: true, patientConfirmed: false }}>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => {
                const item = items[index];
                const drug = item?.drugId ? drugs.get(item.drugId) : undefined;
                const packs = drug && item?.dose && item.frequency && item.daysOfSupply ? packsNeeded({ dose: item.dose, frequency: item.frequency, daysOfSupply: item.daysOfSupply }, drug.packSize) : null;
                return (
                  <div key={field.key} style={{ padding: '12px 12px 0', marginBottom: 12, border: '1px solid #e5e7eb', borderRadius: 8 }} data-testid="rx-issue-item">
                    <Space align="start" wrap size={12}>
                      <Form.Item name={[field.name, 'drugId']} label="药品" rules={[{ required: true, message: '请选择药品' }]} style={{ width: 270 }}>
                        <Select
                          showSearch
                          loading={formulary.loading}
                          placeholder="输入药名或编码查找"
                          optionFilterProp="search"
                          data-testid="rx-issue-drug"
                          options={(formulary.data ?? [])
                            .filter((d) => d.active)
                            .map((d) => ({
                              value: d.id,
                              search: `${d.genericName}${d.code}`,
                              disabled: !d.longPrescription.allowed,
                              label: `${d.genericName} ${d.strength}×${d.packSize}${d.unit}/${d.packUnit} · ${d.insuranceClassLabel}${d.longPrescription.allowed ? '' : '（不可开长期处方）'}`,
                            }))}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'conditionCode']} label="治疗病种" rules={[{ required: true, message: '请选择病种' }]} style={{ width: 130 }}>
                        <Select options={conditions.map((c) => ({ value: c.code, label: c.name }))} data-testid="rx-issue-condition" />
                      </Form.Item>
                      <Form.Item name={[field.name, 'dose']} label={`每次${drug ? `（${drug.unit}）` : ''}`} rules={[{ required: true, message: '请填写' }]} style={{ width: 100 }}>
                        <InputNumber min={0.25} max={20} step={0.25} style={{ width: '100%' }} data-testid="rx-issue-dose" />
                      </Form.Item>
                      <Form.Item name={[field.name, 'frequency']} label="频次" rules={[{ required: true, message: '请选择' }]} style={{ width: 110 }}>
                        <Select options={FREQUENCY_OPTIONS} data-testid="rx-issue-frequency" />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'daysOfSupply']}
                        label="天数"
                        rules={[
                          { required: true, message: '请填写' },
                          { type: 'number', max: LONG_RX_MAX_DAYS, message: `最长${LONG_RX_MAX_DAYS}天` },
                        ]}
                        extra={item?.daysOfSupply && item.daysOfSupply > LONG_RX_ASSESSMENT_ABOVE_DAYS && item.daysOfSupply <= LONG_RX_MAX_DAYS ? '超过4周，需评估和患者确认' : undefined}
                        style={{ width: 120 }}
                      >
                        <InputNumber min={1} max={366} precision={0} addonAfter="天" style={{ width: '100%' }} data-testid="rx-issue-days" />
                      </Form.Item>
                      <Form.Item name={[field.name, 'usage']} label="用法" style={{ width: 130 }}>
                        <Input maxLength={50} placeholder="如：口服，早餐后" />
                      </Form.Item>
                      {fields.length > 1 && (
                        <Button type="text" danger icon={<DeleteOutlined />} style={{ marginTop: 30 }} onClick={() => remove(field.name)} aria-label="删除这一行" />
                      )}
                    </Space>
                    {drug && (
                      <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
                        {drug.longPrescription.note ? `${drug.longPrescription.note}；` : ''}
                        {packs !== null ? `需 ${packs}${drug.packUnit}，约 ${yuan(packs * drug.priceFen)}` : ''}
                      </Typography.Paragraph>
                    )}
                  </div>
                );
              })}
              {fields.length < 10 && (
                <Button icon={<PlusOutlined />} onClick={() => add({ ...NEW_ITEM, conditionCode: conditions[0]?.code })} style={{ marginBottom: 16 }} data-testid="rx-issue-add">
                  再加一种药
                </Button>
              )}
            </>
          )}
        </Form.List>

        <Form.Item name="inPerson" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox data-testid="rx-issue-in-person">本次已面诊患者{isFirst ? '（首次开具必须面诊）' : ''}</Checkbox>
        </Form.Item>

        {overFourWeeks && (
          <>
            <Form.Item
              name="assessment"
              label={`病情稳定性评估（最长用药 ${longest} 天，超过4周必须填写）`}
              rules={[{ required: true, whitespace: true, message: '超过4周的长期处方需记录病情稳定性评估' }]}
            >
              <Input.TextArea rows={2} maxLength={500} showCount placeholder="如：近3个月血压控制在130/80左右，无不良反应，依从性好" data-testid="rx-issue-assessment" />
            </Form.Item>
            <Form.Item
              name="patientConfirmed"
              valuePropName="checked"
              rules={[{ validator: async (_, v) => (v ? undefined : Promise.reject(new Error('超过4周的长期处方需患者知情并签字确认'))) }]}
            >
              <Checkbox data-testid="rx-issue-patient-confirmed">患者已知情并签字确认（超过4周用量）</Checkbox>
            </Form.Item>
          </>
        )}

        <Form.Item name="healthAdvice" label="健康处方（选填，居民在药品旁边看到）">
          <Input.TextArea rows={2} maxLength={500} showCount placeholder="如：低盐低脂饮食，每日食盐不超过5克；每天快走30分钟；每周测2次血压" data-testid="rx-issue-advice" />
        </Form.Item>
      </Form>

      {problems.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message="还不能开具："
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {problems.map((p) => (
                <li key={`${p.field}-${p.message}`}>{p.message}</li>
              ))}
            </ul>
          }
          data-testid="rx-issue-violations"
        />
      )}
    </Modal>
  );
}
