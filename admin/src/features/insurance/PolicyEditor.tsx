import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  BENEFIT_TYPE_LABELS,
  BENEFIT_TYPES,
  SCHEME_LABELS,
  SETTLEMENT_LEVEL_LABELS,
  SETTLEMENT_LEVELS,
  type Policy,
  type PolicyVersion,
} from '@ygt/shared';
import { Alert, Button, Card, Checkbox, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Typography, type FormInstance } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { createPolicyVersion } from './api';
import { PolicyPreviewPanel } from './PolicyPreviewPanel';
import { fieldMessage, formNameOf, formToPolicy, policyIssues, policyToForm, type PolicyForm } from './policyForm';

const required = { required: true, message: '请填写' };
const LEVEL_SHORT = { primary: '乡镇/村', county: '县级', out_of_county: '县外' } as const;
const DEDUCTIBLE_BASIS_OPTIONS = [
  { value: 'per_year', label: '每年付一次（到更高级别医院只补差额）' },
  { value: 'per_claim', label: '每次都付（如每次住院）' },
];

function Money(props: { placeholder?: string; 'data-testid'?: string }) {
  return <InputNumber min={0} precision={2} controls={false} suffix="元" style={{ width: '100%' }} {...props} />;
}

function Percent(props: { 'data-testid'?: string }) {
  return <InputNumber min={0} max={100} precision={2} controls={false} suffix="%" style={{ width: '100%' }} {...props} />;
}

/** A version number not taken yet: '2026.1' -> '2026.2' (or the next free one). */
function nextVersion(base: string, taken: ReadonlySet<string>): string {
  const match = /^(.*?)(\d+)$/.exec(base);
  let candidate = match ? `${match[1]}${Number(match[2]) + 1}` : `${base}-2`;
  while (taken.has(candidate)) {
    const m = /^(.*?)(\d+)$/.exec(candidate)!;
    candidate = `${m[1]}${Number(m[2]) + 1}`;
  }
  return candidate;
}

interface PolicyEditorProps {
  /** The version the new one starts from; versions are never edited in place. */
  base: PolicyVersion | null;
  /** Version numbers already used for the base's year and scheme. */
  takenVersions: ReadonlySet<string>;
  onClose: () => void;
  onSaved: (version: PolicyVersion) => void;
}

/**
 * 新建政策版本: a copy of a version, edited in 元 and %, checked with the API's own schema (every
 * issue on its field), previewed against the version in force, and saved as a draft.
 */
export function PolicyEditor({ base, takenVersions, onClose, onSaved }: PolicyEditorProps) {
  const [form] = Form.useForm<PolicyForm>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const initial = useMemo(() => (base ? { ...policyToForm(base.body), version: nextVersion(base.version, takenVersions) } : null), [base, takenVersions]);

  useEffect(() => {
    if (initial) {
      form.resetFields();
      form.setFieldsValue(initial);
      setProblems([]);
    }
  }, [initial, form]);

  /** The edited policy when every rule holds; otherwise marks each field and returns null. */
  const draft = async (): Promise<Policy | null> => {
    setProblems([]);
    try {
      await form.validateFields();
    } catch {
      setProblems(['有未填写的项，请看标红的地方']);
      return null;
    }
    const values = form.getFieldsValue(true) as PolicyForm;
    const issues = policyIssues(values);
    if (issues.length) {
      form.setFields(issues.map((i) => ({ name: i.name, errors: [i.message] })));
      form.scrollToField(issues[0].name);
      setProblems(issues.map((i) => i.message));
      return null;
    }
    return formToPolicy(values);
  };

  /** An API error on the field it names (paths relative to the policy); false when it names none. */
  const showApiError = (err: unknown, prefix = ''): boolean => {
    if (!(err instanceof ApiError) || !err.field || !err.field.startsWith(prefix)) return false;
    const name = formNameOf(err.field.slice(prefix.length), form.getFieldsValue(true) as PolicyForm);
    form.setFields([{ name, errors: [fieldMessage(err.message)] }]);
    form.scrollToField(name);
    setProblems([fieldMessage(err.message)]);
    return true;
  };

  const save = async () => {
    const policy = await draft();
    if (!policy) return;
    setSaving(true);
    try {
      onSaved(await createPolicyVersion(policy));
    } catch (err) {
      if (!showApiError(err)) setProblems([errorMessage(err)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={base !== null}
      onClose={onClose}
      width="min(1280px, 96vw)"
      destroyOnHidden
      title={base ? `新建政策版本（以 ${base.year}年度${SCHEME_LABELS[base.scheme]} ${base.version} 为底稿）` : ''}
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={save} data-testid="policy-save">
            保存为草稿
          </Button>
        </Space>
      }
    >
      <Row gutter={20}>
        <Col xs={24} xl={14}>
          <Typography.Paragraph type="secondary">
            保存后是草稿，不影响任何结算；在版本列表里「启用」后才用于结算和居民端测算。金额单位为元，比例为百分比。
          </Typography.Paragraph>
          {problems.length > 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              message={`有 ${problems.length} 处需要修改`}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {problems.slice(0, 6).map((p, i) => (
                    <li key={i}>{p}</li>
                  ))}
                </ul>
              }
              data-testid="policy-problems"
            />
          )}
          <Form form={form} layout="vertical" requiredMark={false} data-testid="policy-editor" scrollToFirstError>
            <BasicsSection />
            <PooledSection benefit="outpatient_pooling" title="门诊统筹（普通门诊）" />
            <ChronicSection />
            <PooledSection benefit="inpatient" title="住院" />
            <SeriousIllnessSection form={form} />
            <MedicalAidSection form={form} />
          </Form>
        </Col>
        <Col xs={24} xl={10}>
          <div style={{ position: 'sticky', top: 0 }}>
            <PolicyPreviewPanel form={form} draft={draft} onPolicyError={(err) => showApiError(err, 'policy.')} />
          </div>
        </Col>
      </Row>
    </Drawer>
  );
}

function BasicsSection() {
  return (
    <Card size="small" title="基本信息" style={{ marginBottom: 16 }}>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item label="统筹区" name="region">
            <Input disabled />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="年度" name="year" rules={[required]}>
            <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} data-testid="policy-year" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="险种" name="scheme" rules={[required]}>
            <Select options={Object.entries(SCHEME_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="版本号" name="version" rules={[required, { max: 40, message: '最多40个字' }]} tooltip="每笔结算都会记下按哪个版本算的">
            <Input data-testid="policy-version" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="乙类先行自付比例" name="classBSelfPayBp" rules={[required]} tooltip="一般 10%，各地 5%-20%">
            <Percent data-testid="policy-classB" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="个人账户" name="personalAccount" valuePropName="checked" tooltip="职工医保才有；城乡居民医保自2020年起不设个人账户">
            <Switch checkedChildren="有" unCheckedChildren="无" data-testid="policy-personal-account" />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

/** Deductible and ratio per tier, as a small grid: one row per tier. */
function PooledSection({ benefit, title }: { benefit: 'outpatient_pooling' | 'inpatient'; title: string }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 16 }}>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label="起付线怎么付" name={['benefits', benefit, 'deductibleBasis']} rules={[required]}>
            <Select options={DEDUCTIBLE_BASIS_OPTIONS} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="统筹基金年度最高支付限额" name={['benefits', benefit, 'annualCap']} rules={[required]}>
            <Money data-testid={`policy-${benefit}-cap`} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12} style={{ fontWeight: 600, marginBottom: 4 }}>
        <Col span={8}>就医机构</Col>
        <Col span={8}>起付标准</Col>
        <Col span={8}>报销比例</Col>
      </Row>
      {SETTLEMENT_LEVELS.map((level) => (
        <Row gutter={12} key={level}>
          <Col span={8} style={{ paddingTop: 5 }}>
            {SETTLEMENT_LEVEL_LABELS[level]}
          </Col>
          <Col span={8}>
            <Form.Item name={['benefits', benefit, 'levels', level, 'deductible']} rules={[required]}>
              <Money data-testid={`policy-${benefit}-${level}-deductible`} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['benefits', benefit, 'levels', level, 'ratioBp']} rules={[required]}>
              <Percent data-testid={`policy-${benefit}-${level}-ratio`} />
            </Form.Item>
          </Col>
        </Row>
      ))}
    </Card>
  );
}

/** 门诊慢特病: the deductible per tier, then each disease with its own ratios and yearly quota. */
function ChronicSection() {
  return (
    <Card size="small" title="门诊慢特病" style={{ marginBottom: 16 }}>
      <Row gutter={12}>
        <Col span={6}>
          <Form.Item label="起付线怎么付" name={['benefits', 'chronic_outpatient', 'deductibleBasis']} rules={[required]}>
            <Select options={DEDUCTIBLE_BASIS_OPTIONS} popupMatchSelectWidth={false} />
          </Form.Item>
        </Col>
        {SETTLEMENT_LEVELS.map((level) => (
          <Col span={6} key={level}>
            <Form.Item label={`起付标准·${LEVEL_SHORT[level]}`} name={['benefits', 'chronic_outpatient', 'deductible', level]} rules={[required]}>
              <Money />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Row gutter={8} style={{ fontWeight: 600, marginBottom: 4 }}>
        <Col span={3}>病种编码</Col>
        <Col span={5}>病种名称</Col>
        {SETTLEMENT_LEVELS.map((level) => (
          <Col span={3} key={level}>
            {LEVEL_SHORT[level]}
          </Col>
        ))}
        <Col span={5}>年度限额</Col>
        <Col span={2} />
      </Row>
      <Form.List name={['benefits', 'chronic_outpatient', 'diseases']}>
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field) => (
              <Row gutter={8} key={field.key} data-testid="policy-disease-row">
                <Col span={3}>
                  <Form.Item name={[field.name, 'code']} rules={[required, { max: 20, message: '最多20个字符' }]}>
                    <Input placeholder="如 I10" />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item name={[field.name, 'name']} rules={[required, { max: 40, message: '最多40个字' }]}>
                    <Input placeholder="如 高血压" />
                  </Form.Item>
                </Col>
                {SETTLEMENT_LEVELS.map((level) => (
                  <Col span={3} key={level}>
                    <Form.Item name={[field.name, 'ratioBp', level]} rules={[required]}>
                      <Percent />
                    </Form.Item>
                  </Col>
                ))}
                <Col span={5}>
                  <Form.Item name={[field.name, 'annualQuota']} rules={[required]}>
                    <Money />
                  </Form.Item>
                </Col>
                <Col span={2}>
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除病种" onClick={() => remove(field.name)} />
                </Col>
              </Row>
            ))}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ ratioBp: {} })} data-testid="policy-disease-add">
              添加病种
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}

/** 大病保险: on/off, the threshold, bands (the last one open-ended), the yearly cap and what counts. */
function SeriousIllnessSection({ form }: { form: FormInstance<PolicyForm> }) {
  const on = Form.useWatch('seriousIllnessOn', form);
  return (
    <Card
      size="small"
      title="大病保险"
      style={{ marginBottom: 16 }}
      extra={
        <Form.Item name="seriousIllnessOn" valuePropName="checked" noStyle>
          <Switch checkedChildren="有" unCheckedChildren="无" />
        </Form.Item>
      }
    >
      {on ? (
        <>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item label="起付线（年度累计政策范围内自付）" name={['seriousIllness', 'threshold']} rules={[required]}>
                <Money />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="年度最高支付" name={['seriousIllness', 'annualCap']} rules={[required]}>
                <Money />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="计入哪些费用" name={['seriousIllness', 'benefits']}>
                <Checkbox.Group options={BENEFIT_TYPES.map((b) => ({ value: b, label: BENEFIT_TYPE_LABELS[b] }))} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text strong>报销分段</Typography.Text>
          <Form.List name={['seriousIllness', 'bands']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => {
                  const last = i === fields.length - 1;
                  return (
                    <Row gutter={12} key={field.key} align="top" style={{ marginTop: 8 }} data-testid="policy-band-row">
                      <Col span={3} style={{ paddingTop: 5 }}>
                        第 {i + 1} 段
                      </Col>
                      <Col span={9}>
                        {last ? (
                          <div style={{ paddingTop: 5 }}>以上全部（不设上限）</div>
                        ) : (
                          <Form.Item name={[field.name, 'upTo']} rules={[required]}>
                            <Money placeholder="到多少元为止" />
                          </Form.Item>
                        )}
                      </Col>
                      <Col span={8}>
                        <Form.Item name={[field.name, 'ratioBp']} rules={[required]}>
                          <Percent />
                        </Form.Item>
                      </Col>
                      <Col span={4}>
                        {fields.length > 1 && <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除分段" onClick={() => remove(field.name)} />}
                      </Col>
                    </Row>
                  );
                })}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({}, Math.max(0, fields.length - 1))}>
                  在最后一段前加一段
                </Button>
              </>
            )}
          </Form.List>
        </>
      ) : (
        <Typography.Text type="secondary">本政策不含大病保险。</Typography.Text>
      )}
    </Card>
  );
}

function MedicalAidSection({ form }: { form: FormInstance<PolicyForm> }) {
  const on = Form.useWatch('medicalAidOn', form);
  return (
    <Card
      size="small"
      title="医疗救助（特困、低保等）"
      style={{ marginBottom: 16 }}
      extra={
        <Form.Item name="medicalAidOn" valuePropName="checked" noStyle>
          <Switch checkedChildren="有" unCheckedChildren="无" />
        </Form.Item>
      }
    >
      {on ? (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label="救助比例（医保报销后剩余的政策范围内费用）" name={['medicalAid', 'ratioBp']} rules={[required]}>
              <Percent />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="年度救助限额" name={['medicalAid', 'annualCap']} rules={[required]}>
              <Money />
            </Form.Item>
          </Col>
        </Row>
      ) : (
        <Typography.Text type="secondary">结算时不计算医疗救助。</Typography.Text>
      )}
    </Card>
  );
}
